namespace Parcours.EventStore;

/// <summary>An event type without a registered stable name (on append), or a stored name without a type (on read).</summary>
public sealed class UnknownEventTypeException : EventStoreException
{
    public UnknownEventTypeException(Type clrType)
        : base($"Event type {clrType.FullName} has no registered stable name; register it in the EventTypeRegistry.") =>
        ClrType = clrType;

    public UnknownEventTypeException(string storedName)
        : base($"Stored event type '{storedName}' is not registered and no upcaster handles it.") =>
        StoredName = storedName;

    public Type? ClrType { get; }
    public string? StoredName { get; }
}
