using NodaTime;

namespace Parcours.EventStore;

/// <summary>An event as stored: its data (deserialised, upcast if needed) and its metadata.</summary>
/// <param name="TypeName">The stable name the data was deserialised as (after upcasting).</param>
/// <param name="RecordedAt">When it was recorded (the override for imported history, else the append instant).</param>
/// <param name="AppendedAt">The real append instant, only when it differs from <paramref name="RecordedAt"/> (imports).</param>
public sealed record StoredEvent(
    GlobalPosition Position,
    TenantId Tenant,
    StreamId StreamId,
    long Version,
    string TypeName,
    object Data,
    Instant RecordedAt,
    string RecordedBy,
    Guid? CausationId,
    Guid? CorrelationId,
    Instant? AppendedAt)
{
    public bool IsImported => AppendedAt is not null;
}
