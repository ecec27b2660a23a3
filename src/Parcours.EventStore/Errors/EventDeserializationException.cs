namespace Parcours.EventStore;

/// <summary>A stored event's JSON does not match the type registered for its name.</summary>
public sealed class EventDeserializationException(StreamId streamId, long version, string typeName, Type clrType, Exception inner)
    : EventStoreException(
        $"Event {version} of stream {streamId} (type '{typeName}') cannot be read as {clrType.Name}: {inner.Message}", inner)
{
    public StreamId StreamId { get; } = streamId;
    public long Version { get; } = version;
    public string TypeName { get; } = typeName;
}
