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

    /// <summary>
    /// Evaluates several definitions, folding the person's history once and finding each episode's anchors once for all
    /// of them. The results come definition by definition, in the order given, each in episode order.
    /// </summary>
    public static IReadOnlyList<IndicatorResult> Evaluate(
        IEnumerable<IndicatorDefinition> definitions, CaseId caseId, IReadOnlyList<RecordedPathwayEvent> events, LocalDate asOf, Instant? knownAt = null) =>
        Evaluate(definitions, caseId, PathwayTimeline.Build(events, asOf, knownAt));

    public static IReadOnlyList<IndicatorResult> Evaluate(IEnumerable<IndicatorDefinition> definitions, CaseId caseId, PathwayTimeline timeline)
    {
        var episodes = timeline.Episodes;
        var anchors = new EpisodeAnchors[episodes.Count];
        for (var i = 0; i < anchors.Length; i++) anchors[i] = new EpisodeAnchors(episodes[i], timeline.AsOf);
        var results = new List<IndicatorResult>();
        foreach (var definition in definitions)
        {
            for (var i = 0; i < anchors.Length; i++)
                new EpisodeEvaluator(definition, caseId, episodes[i], anchors[i], timeline.AsOf).EvaluateInto(results);
        }
        return results;
    }

    public static IReadOnlyList<IndicatorResult> Evaluate(IndicatorDefinition definition, CaseId caseId, PathwayTimeline timeline) =>
        Evaluate([definition], caseId, timeline);
}
