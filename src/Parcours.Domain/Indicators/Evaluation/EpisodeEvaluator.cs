using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators.Evaluation;

/// <summary>Applies one definition to one episode: who is in, which windows open, and the verdict on each.</summary>
/// <param name="anchors">The episode's anchors, shared by every definition evaluated on it.</param>
internal sealed class EpisodeEvaluator(IndicatorDefinition definition, CaseId caseId, DatedEpisode episode, EpisodeAnchors anchors, LocalDate asOf)
{
    /// <summary>Adds the episode's results to <paramref name="results"/>: one per window, or one saying why there is none.</summary>
    public void EvaluateInto(List<IndicatorResult> results)
    {
        if (OutsidePopulation() is { } reason)
        {
            results.Add(NotInPopulation(1, reason));
            return;
        }
        var occurrence = 0;
        foreach (var measurement in Measurements())
        {
            occurrence++;
            results.Add(measurement is null ? NotInPopulation(occurrence, OutcomeReason.StartNotReached) : Judge(measurement));
        }
        if (occurrence == 0) results.Add(NotInPopulation(1, OutcomeReason.StartNotReached));
    }

    private OutcomeReason? OutsidePopulation()
    {
        var population = definition.Population;
        if (population.OpenAtAsOf && !episode.IsOpenOn(asOf))
        {
            return OutcomeReason.EpisodeClosed;
        }
        var subject = population.RightsAndDuties switch
        {
            RightsAndDutiesRule.AtEntry => episode.SubjectAtEntry,
            RightsAndDutiesRule.AtAsOf => episode.SubjectOn(asOf),
            _ => true,
        };
        return subject ? null : OutcomeReason.NotSubjectToRightsAndDuties;
    }

    /// <summary>The windows to judge; a null entry is a decision whose start (its notification) is not known yet.</summary>
    private IEnumerable<Measurement?> Measurements()
    {
        if (definition.StartOccurrence == Occurrence.First)
        {
            if (anchors.First(definition.Start, definition.ContractKinds) is { } start)
            {
                var end = definition.End is { } e ? anchors.First(e, definition.ContractKinds) : null;
                yield return new Measurement(1, start, end, InterruptedOn: null, anchors.Decisions().FirstOrDefault());
            }
            yield break;
        }
        var decisions = anchors.Decisions();
        var ends = definition.End is { } endAnchor ? anchors.All(endAnchor, definition.ContractKinds) : [];
        for (var i = 0; i < decisions.Count; i++)
        {
            var decision = decisions[i];
            var next = i + 1 < decisions.Count ? decisions[i + 1].DecidedOn : (LocalDate?)null;
            var start = definition.Start == Anchor.OrientationNotified ? decision.Notification : decision.Decision;
            var end = ends.FirstOrDefault(h => h.Date >= decision.DecidedOn && (next is not { } n || h.Date < n));
            yield return start is null ? null : new Measurement(i + 1, start, end, next, decision);
        }
    }

    private IndicatorResult Judge(Measurement m)
    {
        var start = m.Start.Date;
        var threshold = definition.Threshold;
        LocalDate? lastDayOnTime = threshold?.LastDayOnTime(start);
        int? delay = m.End is { } end ? DayCount.Between(start, end.Date) : null;
        var (outcome, reason) = definition.Maturity == MaturityRule.Snapshot
            ? (m.End is null ? Outcome.Missed : Outcome.Met, (OutcomeReason?)null)
            : Verdict(m, delay, lastDayOnTime);
        var mature = lastDayOnTime is { } last ? asOf > last : outcome != Outcome.Pending;
        var cohort = CohortHit(m);
        return new IndicatorResult(
            caseId, definition.Id, definition.Version, episode.Number, m.Occurrence, outcome, reason,
            start, m.End?.Date, threshold?.DeadlineFrom(start),
            delay is >= 0 ? delay : null,
            cohort is null ? YearMonthOf(asOf) : YearMonthOf(cohort.Date),
            mature,
            BreakdownKeys(m.Decision),
            AnchorHit.VersionsOf(m.Start, m.End, ReferenceEquals(cohort, m.Start) ? null : cohort));
    }

    private (Outcome, OutcomeReason?) Verdict(Measurement m, int? delay, LocalDate? lastDayOnTime)
    {
        if (definition.End is null)
        {
            return (Outcome.Met, null); // a plain count of starts: reaching the start is the event counted
        }
        if (m.End is { } end)
        {
            return delay < 0 ? (Outcome.Excluded, OutcomeReason.NegativeDelay)
                : lastDayOnTime is not { } last || end.Date <= last ? (Outcome.Met, null)
                : (Outcome.Missed, null);
        }
        if (m.InterruptedOn is { } interrupted)
        {
            return lastDayOnTime is not { } last || interrupted <= last
                ? (Outcome.Excluded, OutcomeReason.Interrupted)
                : (Outcome.Missed, null);
        }
        if (episode.EndedOn is { } closed)
        {
            return lastDayOnTime is { } last && closed <= last
                ? (Outcome.Excluded, OutcomeReason.ExitedBeforeDeadline)
                : (Outcome.Missed, null);
        }
        return lastDayOnTime is { } deadline && asOf > deadline ? (Outcome.Missed, null) : (Outcome.Pending, null);
    }

    /// <summary>The hit whose month is the cohort; null means the as-of month (snapshots).</summary>
    private AnchorHit? CohortHit(Measurement m) => definition.Cohort switch
    {
        null => null,
        var c when c == definition.Start => m.Start,
        { } c => anchors.First(c, definition.ContractKinds),
    };

    private BreakdownValues BreakdownKeys(OrientationDecision? decision) =>
        definition.Breakdowns.Count == 0
            ? BreakdownValues.None
            : new(definition.Breakdowns, episode.Territory, decision is null ? null : TrackName(decision.Track), decision?.Organisation);

    private static string TrackName(Track track) => track switch
    {
        Track.Professional => nameof(Track.Professional),
        Track.Social => nameof(Track.Social),
        Track.SocioProfessional => nameof(Track.SocioProfessional),
        _ => track.ToString(),
    };

    private IndicatorResult NotInPopulation(int occurrence, OutcomeReason reason) => new(
        caseId, definition.Id, definition.Version, episode.Number, occurrence, Outcome.NotInPopulation, reason,
        Start: null, End: null, Deadline: null, DelayDays: null, Cohort: null, Mature: true,
        BreakdownValues.None, []);

    private static YearMonth YearMonthOf(LocalDate date) => new(date.Year, date.Month);
}
