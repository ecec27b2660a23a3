using NodaTime;

namespace Parcours.EventStore;

/// <summary>
/// An event as read from the log with its data still the stored JSON (UTF-8), to be decoded by
/// <see cref="EventStore.Decode"/>. Decoding is most of the cost of reading an event: a reader that hands events to
/// other threads hands them this, and leaves the decoding to them.
/// </summary>
public sealed record EncodedEvent(
    GlobalPosition Position,
    TenantId Tenant,
    StreamId StreamId,
    long Version,
    string StoredTypeName,
    byte[] Json,
    Instant RecordedAt,
    string RecordedBy,
    Guid? CausationId,
    Guid? CorrelationId,
    Instant? AppendedAt);
