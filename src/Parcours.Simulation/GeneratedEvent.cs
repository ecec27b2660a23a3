using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Simulation;

/// <summary>
/// One event of a synthetic stream, as it would be appended: versions run 1..n in recording order
/// (<see cref="RecordedAt"/> never decreases), and <see cref="RecordedBy"/> is a pseudonymous actor
/// ("gsb-31-007", "ref-31-0042", "caf-flux", "import", "orientation-auto").
/// </summary>
public sealed record GeneratedEvent(long Version, IPathwayEvent Event, Instant RecordedAt, string RecordedBy)
{
    public RecordedPathwayEvent ToRecorded() => new(Version, Event, RecordedAt, RecordedBy);
}
