using NodaTime;

namespace Parcours.Domain.Pathways;

/// <summary>
/// A pathway event as the store gave it back: its position in the stream (1-based), when it was recorded
/// and by whom. Pure code receives these from the edge; it never asks a clock.
/// </summary>
public sealed record RecordedPathwayEvent(long Version, IPathwayEvent Event, Instant RecordedAt, string RecordedBy);
