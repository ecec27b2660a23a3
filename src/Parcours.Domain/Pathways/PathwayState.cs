using System.Collections.Immutable;
using NodaTime;

namespace Parcours.Domain.Pathways;

/// <summary>
/// What one person's pathway says today, as the corrected history tells it: it is rebuilt from
/// <see cref="EffectiveHistory"/>, so a corrected step counts with its corrected value and a retracted one not
/// at all. The fold is total (it never throws, whatever the events); keeping the history coherent is the
/// decider's job.
/// </summary>
public sealed record PathwayState
{
    public static PathwayState Initial { get; } = new();

    /// <summary>The raw stream, corrections and retractions included (what the decider checks their targets against).</summary>
    public IReadOnlyList<RecordedPathwayEvent> History { get; private init; } = [];

    /// <summary>The steps still standing, each with its latest value and its stream version, in recording order.</summary>
    public ImmutableList<EffectiveStep> Steps { get; private init; } = [];

    /// <summary>Every episode, oldest first; the last one is the current episode.</summary>
    public ImmutableList<Episode> Episodes { get; private init; } = [];

    public Episode? CurrentEpisode => Episodes.IsEmpty ? null : Episodes[^1];

    public PathwayPhase Phase => CurrentEpisode?.Phase ?? PathwayPhase.NotStarted;

    /// <summary>The latest business date among the standing steps (not the dates corrections were made).</summary>
    public LocalDate? LastBusinessDate => Steps.IsEmpty ? null : Steps.Max(s => s.Step.BusinessDate);

    /// <summary>The stream version the state was built at (0 for an empty stream): the expected version of the next append.</summary>
    public long Version => History.Count == 0 ? 0 : History.Max(e => e.Version);

    public static PathwayState From(IEnumerable<RecordedPathwayEvent> history)
    {
        var events = history.OrderBy(e => e.Version).ToList();
        return EffectiveHistory.Of(events).Aggregate(Initial, (state, step) => state.Apply(step)) with { History = events };
    }

    /// <summary>The state after one more standing step. Used by <see cref="From"/> and to replay a changed history.</summary>
    public PathwayState Apply(EffectiveStep effective)
    {
        var next = this with { Steps = Steps.Add(effective) };
        return effective.Step switch
        {
            RsaEntered e => Open(new Episode(
                Episodes.Count + 1, effective.Version, e.ApplicationDate, e.KnownOn, e.Source, null, e.Territory,
                e.SubjectToRightsAndDuties)),
            RsaReentered r => Open(new Episode(
                Episodes.Count + 1, effective.Version, r.ApplicationDate, r.KnownOn, r.Source, r.Ground, r.Territory,
                r.SubjectToRightsAndDuties)),
            _ when CurrentEpisode is { } current => next with { Episodes = Episodes.SetItem(Episodes.Count - 1, current.Apply(effective)) },
            _ => next,
        };

        PathwayState Open(Episode episode) => this with
        {
            Steps = Steps.Add(effective),
            Episodes = Episodes.Add(episode with { Steps = [effective] }),
        };
    }
}
