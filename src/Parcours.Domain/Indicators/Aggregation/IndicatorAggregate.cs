using NodaTime;

namespace Parcours.Domain.Indicators.Aggregation;

/// <summary>A cell of an indicator's table: a cohort month, overall (no breakdown) or for one breakdown value.</summary>
public readonly record struct CohortKey(YearMonth Cohort, Breakdown? Breakdown, string? Value)
{
    public static CohortKey Overall(YearMonth cohort) => new(cohort, null, null);
}

/// <summary>
/// The figures of one definition by cohort month and breakdown value: a fold over the results of every person.
/// Results outside the population (no cohort) are ignored; each other result lands in its month's overall cell and
/// in one cell per breakdown of the definition.
/// </summary>
public sealed class IndicatorAggregate(IndicatorDefinition definition)
{
    private readonly Dictionary<CohortKey, CohortTally> cells = [];

    public IndicatorDefinition Definition => definition;

    public static IndicatorAggregate Of(IndicatorDefinition definition, IEnumerable<IndicatorResult> results)
    {
        var aggregate = new IndicatorAggregate(definition);
        foreach (var result in results) aggregate.Add(result);
        return aggregate;
    }

    public void Add(IndicatorResult result)
    {
        foreach (var key in KeysOf(result)) Cell(key).Add(result);
    }

    public void Remove(IndicatorResult result)
    {
        foreach (var key in KeysOf(result))
        {
            var cell = Cell(key);
            cell.Remove(result);
            if (cell.IsEmpty) cells.Remove(key);
        }
    }

    /// <summary>The figures of a cell; a cell nobody landed in has zero members and a rate that is not computable.</summary>
    public CohortFigures this[CohortKey key] =>
        cells.TryGetValue(key, out var tally) ? tally.Figures() : new CohortTally(definition.Maturity).Figures();

    public IReadOnlyDictionary<CohortKey, CohortFigures> All() =>
        cells.OrderBy(c => c.Key.Cohort).ThenBy(c => c.Key.Breakdown).ThenBy(c => c.Key.Value, StringComparer.Ordinal)
            .ToDictionary(c => c.Key, c => c.Value.Figures());

    private IEnumerable<CohortKey> KeysOf(IndicatorResult result)
    {
        if (result.DefinitionId != definition.Id || result.DefinitionVersion != definition.Version)
        {
            throw new ArgumentException($"Result of {result.DefinitionId} v{result.DefinitionVersion} added to {definition}.", nameof(result));
        }
        if (result.Cohort is not { } cohort) yield break;
        yield return CohortKey.Overall(cohort);
        foreach (var breakdown in definition.Breakdowns)
        {
            yield return new CohortKey(cohort, breakdown, result.BreakdownKeys.GetValueOrDefault(breakdown));
        }
    }

    private CohortTally Cell(CohortKey key)
    {
        if (!cells.TryGetValue(key, out var tally))
        {
            tally = new CohortTally(definition.Maturity);
            cells[key] = tally;
        }
        return tally;
    }
}
