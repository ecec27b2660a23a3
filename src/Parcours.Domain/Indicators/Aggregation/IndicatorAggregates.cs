namespace Parcours.Domain.Indicators.Aggregation;

/// <summary>
/// One <see cref="IndicatorAggregate"/> per definition of a list, fed with the results of many people. Two ways to use
/// every core: <see cref="AddInParallel"/> sorts a batch by definition and adds each definition's share on its own core
/// (the aggregates are independent); or each worker feeds its own set with <see cref="Add(IndicatorResult)"/> and the
/// sets are merged at the end (<see cref="Merge"/>). A rebuild or an as-known-at report adds millions of results, and
/// adding them on one thread left the other cores idle while it did.
/// </summary>
public sealed class IndicatorAggregates
{
    private readonly IndicatorAggregate[] aggregates;
    private readonly Dictionary<(string Id, int Version), int> index = [];

    public IndicatorAggregates(IReadOnlyList<IndicatorDefinition> definitions)
    {
        aggregates = new IndicatorAggregate[definitions.Count];
        for (var i = 0; i < definitions.Count; i++)
        {
            if (!index.TryAdd((definitions[i].Id, definitions[i].Version), i))
                throw new ArgumentException($"{definitions[i]} is listed twice.", nameof(definitions));
            aggregates[i] = new IndicatorAggregate(definitions[i]);
        }
    }

    /// <summary>The aggregates, in the order of the definitions given.</summary>
    public IReadOnlyList<IndicatorAggregate> All => aggregates;

    /// <summary>Adds a result to its definition's aggregate; a result of a definition not in the list is an error.</summary>
    public void Add(IndicatorResult result) => aggregates[IndexOf(result)].Add(result);

    /// <summary>Adds each result to its definition's aggregate, each definition's share on its own core.</summary>
    public void AddInParallel(IEnumerable<IndicatorResult> results)
    {
        var shares = new List<IndicatorResult>?[aggregates.Length];
        foreach (var result in results) (shares[IndexOf(result)] ??= []).Add(result);
        Parallel.For(0, aggregates.Length, i =>
        {
            if (shares[i] is not { } share) return;
            var aggregate = aggregates[i];
            foreach (var result in share) aggregate.Add(result);
        });
    }

    /// <summary>Adds everything <paramref name="other"/> holds; both must aggregate the same definitions in the same order.</summary>
    public void Merge(IndicatorAggregates other)
    {
        if (other.aggregates.Length != aggregates.Length)
            throw new ArgumentException("Sets of aggregates of different definitions cannot be merged.", nameof(other));
        for (var i = 0; i < aggregates.Length; i++) aggregates[i].Merge(other.aggregates[i]);
    }

    private int IndexOf(IndicatorResult result) =>
        index.TryGetValue((result.DefinitionId, result.DefinitionVersion), out var i)
            ? i
            : throw new ArgumentException($"Result of {result.DefinitionId} v{result.DefinitionVersion}, which is not among the definitions aggregated.", nameof(result));
}
