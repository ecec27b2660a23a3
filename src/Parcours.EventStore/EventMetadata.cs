using NodaTime;

namespace Parcours.EventStore;

/// <summary>
/// Who records, and in which chain of causes. Part of every event's hashed content.
/// </summary>
/// <param name="Actor">Who recorded the events (a user or a system name, never empty).</param>
/// <param name="CausationId">The message or command that caused these events, if any.</param>
/// <param name="CorrelationId">The conversation these events belong to, if any.</param>
/// <param name="RecordedAtOverride">
/// Only when importing history kept in older software: the instant it was recorded there. The store then uses it
/// as the events' recorded-at, and keeps the real append instant beside it (which flags the event as imported).
/// </param>
public sealed record EventMetadata(
    string Actor,
    Guid? CausationId = null,
    Guid? CorrelationId = null,
    Instant? RecordedAtOverride = null)
{
    public string Actor { get; } = string.IsNullOrWhiteSpace(Actor)
        ? throw new ArgumentException("The actor recording events must be named.", nameof(Actor))
        : Actor;
}
