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

    public void Add(IndicatorResult result) => Apply(result, remove: false);

    public void Remove(IndicatorResult result) => Apply(result, remove: true);

    /// <summary>Adds every result <paramref name="other"/> holds (an aggregate of the same definition fed elsewhere, on another core).</summary>
    public void Merge(IndicatorAggregate other)
    {
        if (other.Definition.Id != definition.Id || other.Definition.Version != definition.Version)
            throw new ArgumentException($"Aggregate of {other.Definition} merged into {definition}.", nameof(other));
        foreach (var (key, tally) in other.cells)
        {
            var cell = Cell(key);
            cell.Merge(tally);
            if (cell.IsEmpty) cells.Remove(key);
        }
    }

    /// <summary>The figures of a cell; a cell nobody landed in has zero members and a rate that is not computable.</summary>
    public CohortFigures this[CohortKey key] =>
        cells.TryGetValue(key, out var tally) ? tally.Figures() : new CohortTally(definition.Maturity).Figures();

    public IReadOnlyDictionary<CohortKey, CohortFigures> All() =>
        cells.OrderBy(c => c.Key.Cohort).ThenBy(c => c.Key.Breakdown).ThenBy(c => c.Key.Value, StringComparer.Ordinal)
            .ToDictionary(c => c.Key, c => c.Value.Figures());

    /// <summary>
    /// Adds or removes a result in its month's overall cell and in one cell per breakdown of the definition; a removal
    /// that empties a cell drops it. No enumerator per result: a rebuild adds every result of every case here, on one thread.
    /// </summary>
    private void Apply(IndicatorResult result, bool remove)
    {
        if (result.DefinitionId != definition.Id || result.DefinitionVersion != definition.Version)
        {
            throw new ArgumentException($"Result of {result.DefinitionId} v{result.DefinitionVersion} added to {definition}.", nameof(result));
        }
        if (result.Cohort is not { } cohort) return;
        Apply(CohortKey.Overall(cohort), result, remove);
        var breakdowns = definition.Breakdowns;
        for (var i = 0; i < breakdowns.Count; i++)
            Apply(new CohortKey(cohort, breakdowns[i], result.BreakdownKeys.GetValueOrDefault(breakdowns[i])), result, remove);
    }

    private void Apply(CohortKey key, IndicatorResult result, bool remove)
    {
        var cell = Cell(key);
        if (!remove)
        {
            cell.Add(result);
            return;
        }
        cell.Remove(result);
        if (cell.IsEmpty) cells.Remove(key);
    }

    private CohortTally Cell(CohortKey key)
    {
        ref var tally = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(cells, key, out _);
        return tally ??= new CohortTally(definition.Maturity);
    }
}
