using NodaTime;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Reporting;

/// <summary>One line of a month's table: a definition and its overall figures for the cohort month.</summary>
public sealed record MonthlyFigure(IndicatorDefinition Definition, YearMonth Month, CohortFigures Figures);

/// <summary>Evaluates definitions over a set of case histories, as of a date, and reads one month's overall figures.</summary>
public static class MonthlyFigures
{
    public static IReadOnlyList<IndicatorAggregate> Aggregate(
        IReadOnlyList<IndicatorDefinition> definitions,
        IEnumerable<KeyValuePair<CaseId, List<RecordedPathwayEvent>>> histories,
        LocalDate asOf,
        Instant? knownAt = null)
    {
        var aggregates = new IndicatorAggregates(definitions);
        aggregates.AddInParallel(histories.SelectMany(h => IndicatorEngine.Evaluate(definitions, h.Key, h.Value, asOf, knownAt)));
        return aggregates.All;
    }

    public static IReadOnlyList<MonthlyFigure> For(IReadOnlyList<IndicatorAggregate> aggregates, YearMonth month) =>
        [.. aggregates.Select(a => new MonthlyFigure(a.Definition, month, a[CohortKey.Overall(month)]))];
}
