using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Simulation.Generation;

/// <summary>Who records a step, which decides when: a nightly import on a given day, or a person in office hours.</summary>
internal enum RecorderKind { Machine, Staff }

/// <summary>
/// A step on its way to the stream: the fact (business dates only), what it depends on, and the bounds its
/// business date must respect. The recorder gives it an instant and an actor, or drops it (with everything that
/// depends on it) when it would break a pathway rule or fall after the end of the simulation.
/// </summary>
internal sealed class PlannedEvent(IPathwayEvent @event, RecorderKind recorder, string actor, params PlannedEvent?[] dependencies)
{
    public IPathwayEvent Event { get; set; } = @event;
    public RecorderKind Recorder { get; } = recorder;
    public string Actor { get; } = actor;
    private readonly List<PlannedEvent> _dependencies = [.. dependencies.OfType<PlannedEvent>()];

    public IReadOnlyList<PlannedEvent> Dependencies => _dependencies;

    public void DependOn(PlannedEvent other) => _dependencies.Add(other);

    /// <summary>For machine events: the day of the import that records it (on or after the business date).</summary>
    public LocalDate? RecordOn { get; init; }

    /// <summary>Household events (entries, suspensions, closures): recorded first, they bound the person's steps.</summary>
    public bool IsRightEvent { get; init; }

    /// <summary>The business date must be strictly before this day (end of the episode, of the orientation's cycle).</summary>
    public LocalDate? Before { get; set; }

    /// <summary>The event that closes the episode (its RSA exit, or the re-entry after a long suspension): this step must be recorded before it.</summary>
    public PlannedEvent? Closer { get; set; }

    /// <summary>A notification that may instead be folded into the decision, when known by the time the decision is recorded.</summary>
    public PlannedEvent? MayMergeInto { get; init; }

    /// <summary>Business dates the step cannot fall on (a suspension of the right): [from, to).</summary>
    public (LocalDate From, LocalDate To)? Blocked { get; set; }

    public int Order { get; set; }
    public bool Dropped { get; set; }

    /// <summary>Folded into another event (a notification into its decision): gone from the stream, yet not a reason to drop what follows it.</summary>
    public bool Merged { get; set; }
    public Instant RecordedAt { get; set; }
    public long Version { get; set; }

    /// <summary>Set for a correction or a retraction: the step it targets (its version is only known after sorting).</summary>
    public PlannedEvent? Target { get; init; }
    public Func<long, IPathwayEvent>? BuildWithTargetVersion { get; init; }

    public LocalDate BusinessDate => Event.BusinessDate;
}
