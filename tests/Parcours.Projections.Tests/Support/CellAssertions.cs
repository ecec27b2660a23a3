using Parcours.Domain.Indicators.Aggregation;

namespace Parcours.Projections.Tests.Support;

public static class CellAssertions
{
    /// <summary>Equal cell sets, or a failure naming the first differing cells (much easier to read than two dumps).</summary>
    public static void ShouldEqualCells(
        this IReadOnlyDictionary<(string, int, CohortKey), CohortFigures> actual,
        IReadOnlyDictionary<(string, int, CohortKey), CohortFigures> expected)
    {
        var differences = actual.Keys.Union(expected.Keys)
            .Where(k => !actual.TryGetValue(k, out var a) || !expected.TryGetValue(k, out var e) || a != e)
            .Take(8)
            .Select(k => $"{k}: actual {(actual.TryGetValue(k, out var a) ? a : "(none)")} expected {(expected.TryGetValue(k, out var e) ? e : "(none)")}")
            .ToList();
        differences.ShouldBeEmpty($"{actual.Count} cells projected, {expected.Count} expected");
    }
}
