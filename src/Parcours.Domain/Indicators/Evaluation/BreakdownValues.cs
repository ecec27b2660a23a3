using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Parcours.Domain.Indicators.Evaluation;

/// <summary>
/// A result's breakdown keys: the definition's breakdowns (a list it shares with every result) and one value each. A
/// rebuild makes about fifteen results per case: a <see cref="Dictionary{TKey,TValue}"/> each was a third of the engine's
/// allocations, and the collections that allocation fed held a rebuild's cores back.
/// </summary>
internal sealed class BreakdownValues : IReadOnlyDictionary<Breakdown, string?>
{
    public static readonly BreakdownValues None = new([], null, null, null);

    private readonly IReadOnlyList<Breakdown> breakdowns;
    private readonly string? territory;
    private readonly string? track;
    private readonly string? organisation;

    /// <param name="breakdowns">The definition's breakdowns, distinct (the keys, in this order).</param>
    public BreakdownValues(IReadOnlyList<Breakdown> breakdowns, string? territory, string? track, string? organisation)
    {
        this.breakdowns = breakdowns;
        this.territory = territory;
        this.track = track;
        this.organisation = organisation;
    }

    public int Count => breakdowns.Count;

    public IEnumerable<Breakdown> Keys => breakdowns;

    public IEnumerable<string?> Values => breakdowns.Select(ValueOf);

    public string? this[Breakdown key] => ContainsKey(key) ? ValueOf(key) : throw new KeyNotFoundException($"No breakdown {key} in this result.");

    public bool ContainsKey(Breakdown key)
    {
        for (var i = 0; i < breakdowns.Count; i++)
        {
            if (breakdowns[i] == key) return true;
        }
        return false;
    }

    public bool TryGetValue(Breakdown key, [MaybeNullWhen(false)] out string? value)
    {
        var found = ContainsKey(key);
        value = found ? ValueOf(key) : null;
        return found;
    }

    public IEnumerator<KeyValuePair<Breakdown, string?>> GetEnumerator()
    {
        for (var i = 0; i < breakdowns.Count; i++) yield return KeyValuePair.Create(breakdowns[i], ValueOf(breakdowns[i]));
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string? ValueOf(Breakdown key) => key switch
    {
        Breakdown.Territory => territory,
        Breakdown.Track => track,
        Breakdown.Organisation => organisation,
        _ => null,
    };
}
