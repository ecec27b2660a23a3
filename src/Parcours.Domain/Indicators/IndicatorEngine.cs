using NodaTime;
using Parcours.Domain.Indicators.Evaluation;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators;

/// <summary>
/// Evaluates indicator definitions on one person's recorded events. Pure: the as-of date (the report date, or
/// "today" turned into a date at the edge) and the optional as-known-at instant are passed in; no clock is read.
/// </summary>
public static class IndicatorEngine
{
    /// <param name="asOf">Only steps dated on or before this day count; windows still open on it are pending.</param>
    /// <param name="knownAt">If given, only events recorded strictly before this instant count (what was known then).</param>
    public static IReadOnlyList<IndicatorResult> Evaluate(
        IndicatorDefinition definition, CaseId caseId, IReadOnlyList<RecordedPathwayEvent> events, LocalDate asOf, Instant? knownAt = null) =>
        Evaluate(definition, caseId, PathwayTimeline.Build(events, asOf, knownAt));

    /// <summary>Evaluates several definitions, folding the person's history once.</summary>
    public static IReadOnlyList<IndicatorResult> Evaluate(
        IEnumerable<IndicatorDefinition> definitions, CaseId caseId, IReadOnlyList<RecordedPathwayEvent> events, LocalDate asOf, Instant? knownAt = null)
    {
        var timeline = PathwayTimeline.Build(events, asOf, knownAt);
        return [.. definitions.SelectMany(d => Evaluate(d, caseId, timeline))];
    }

    public static IReadOnlyList<IndicatorResult> Evaluate(IndicatorDefinition definition, CaseId caseId, PathwayTimeline timeline) =>
    [
        .. timeline.Episodes.SelectMany(e => new EpisodeEvaluator(definition, caseId, e, timeline.AsOf).Evaluate()),
    ];
}
