using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators.Evaluation;

/// <summary>A person's episodes as they stood on an as-of date, optionally as known at an instant.</summary>
public sealed record PathwayTimeline(LocalDate AsOf, IReadOnlyList<DatedEpisode> Episodes)
{
    /// <summary>
    /// Builds the timeline. Only events recorded strictly before <paramref name="knownAt"/> are kept (before corrections
    /// are folded, so a later correction is not applied either); only steps dated on or before <paramref name="asOf"/> count.
    /// Steps are ordered by business date, never by recording order. Same-day ties: the entry, then an exit, then a
    /// re-entry, then every other step, then the stream version. So an exit and a re-entry on the same day close the
    /// old episode and open the new one (in that order, whatever order they were recorded in), and the other steps of
    /// that day belong to the new episode; without a re-entry that day, steps dated on the day of an exit stay in the
    /// episode it closes.
    /// </summary>
    public static PathwayTimeline Build(IReadOnlyList<RecordedPathwayEvent> events, LocalDate asOf, Instant? knownAt = null)
    {
        var known = knownAt is { } t ? events.Where(e => e.RecordedAt < t) : events;
        var steps = EffectiveHistory.Of(known).ToList();
        steps.Sort(BusinessOrder); // a total order (versions are unique), so the unstable sort is deterministic
        return new PathwayTimeline(asOf, SplitIntoEpisodes(Until(steps, asOf))) { Known = steps };
    }

    /// <summary>Every known effective step in business order, whatever its date (what <see cref="At"/> starts from).</summary>
    private IReadOnlyList<EffectiveStep> Known { get; init; } = [];

    /// <summary>
    /// The same history as of another day, without folding it again (a rebuild evaluates the summary's windows at the end
    /// of time and the indicators as of today from one fold).
    /// </summary>
    public PathwayTimeline At(LocalDate asOf)
    {
        if (asOf == AsOf) return this;
        // No step dated after either day: the same episodes.
        if (Known.Count == 0 || (Known[^1].Step.BusinessDate <= asOf && Known[^1].Step.BusinessDate <= AsOf)) return this with { AsOf = asOf };
        return new PathwayTimeline(asOf, SplitIntoEpisodes(Until(Known, asOf))) { Known = Known };
    }

    /// <summary>The steps dated on or before <paramref name="asOf"/> (the list is in date order).</summary>
    private static List<EffectiveStep> Until(IReadOnlyList<EffectiveStep> ordered, LocalDate asOf) =>
        [.. ordered.TakeWhile(s => s.Step.BusinessDate <= asOf)];

    private static int BusinessOrder(EffectiveStep a, EffectiveStep b)
    {
        var byDate = a.Step.BusinessDate.CompareTo(b.Step.BusinessDate);
        if (byDate != 0) return byDate;
        var byRank = SameDayRank(a.Step).CompareTo(SameDayRank(b.Step));
        return byRank != 0 ? byRank : a.Version.CompareTo(b.Version);
    }

    private static int SameDayRank(IPathwayStep step) => step switch
    {
        RsaEntered => 0,
        RsaExited => 1,
        RsaReentered => 2,
        _ => 3,
    };

    private static List<DatedEpisode> SplitIntoEpisodes(List<EffectiveStep> ordered)
    {
        var openings = ordered.Select((s, i) => (s, i)).Where(x => x.s.Step is RsaEntered or RsaReentered).ToList();
        var episodes = new List<DatedEpisode>();
        for (var n = 0; n < openings.Count; n++)
        {
            var from = n == 0 ? 0 : openings[n].i;
            var to = n + 1 < openings.Count ? openings[n + 1].i : ordered.Count;
            episodes.Add(EpisodeOf(n + 1, openings[n].s, ordered[from..to]));
        }
        for (var n = 0; n + 1 < episodes.Count; n++)
        {
            if (episodes[n].ClosedOn is null) episodes[n] = episodes[n] with { ReplacedOn = episodes[n + 1].KnownOn };
        }
        return episodes;
    }

    private static DatedEpisode EpisodeOf(int number, EffectiveStep opening, List<EffectiveStep> range)
    {
        var (application, knownOn, subject, territory) = opening.Step switch
        {
            RsaEntered e => (e.ApplicationDate, e.KnownOn, e.SubjectToRightsAndDuties, e.Territory),
            RsaReentered r => (r.ApplicationDate, r.KnownOn, r.SubjectToRightsAndDuties, r.Territory),
            _ => throw new ArgumentException("An episode opens with an entry or a re-entry.", nameof(opening)),
        };
        var closedOn = range
            .Where(s => s.Step is RsaExited exit && exit.On >= knownOn)
            .Select(s => (LocalDate?)s.Step.BusinessDate)
            .FirstOrDefault();
        var steps = range.Where(s => closedOn is not { } c || s.Step.BusinessDate <= c).ToList();
        return new DatedEpisode(number, opening, knownOn, application, subject, territory, closedOn, steps);
    }
}
