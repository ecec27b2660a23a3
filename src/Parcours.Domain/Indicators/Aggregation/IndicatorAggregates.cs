namespace Parcours.Domain.Indicators.Aggregation;

/// <summary>
/// One <see cref="IndicatorAggregate"/> per definition of a list, fed with the results of many people at once. The
/// aggregates are independent, so a batch of results is sorted by definition on the caller's thread and each
/// definition's share is added on its own core: a rebuild or an as-known-at report adds millions of results, and adding
/// them on one thread left the other cores idle while it did.
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

    /// <summary>Adds each result to its definition's aggregate; a result of a definition not in the list is an error.</summary>
    public void Add(IEnumerable<IndicatorResult> results)
    {
        var shares = new List<IndicatorResult>?[aggregates.Length];
        foreach (var result in results)
        {
            if (!index.TryGetValue((result.DefinitionId, result.DefinitionVersion), out var i))
                throw new ArgumentException($"Result of {result.DefinitionId} v{result.DefinitionVersion}, which is not among the definitions aggregated.", nameof(results));
            (shares[i] ??= []).Add(result);
        }
        Parallel.For(0, aggregates.Length, i =>
        {
            if (shares[i] is not { } share) return;
            var aggregate = aggregates[i];
            foreach (var result in share) aggregate.Add(result);
        });
    }
}
