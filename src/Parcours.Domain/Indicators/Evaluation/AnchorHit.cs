using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators.Evaluation;

/// <summary>
/// One dated occurrence of an anchor, with the stream versions of the events that produced its date (the step and
/// any correction of it), so that every figure can be traced back to events.
/// </summary>
public sealed record AnchorHit(LocalDate Date, IReadOnlyList<long> Versions)
{
    public static IReadOnlyList<long> VersionsOf(EffectiveStep step) =>
        [step.Version, .. step.Corrections.Select(c => c.Version)];

    public static AnchorHit Of(LocalDate date, EffectiveStep step) =>
        new(date, step.Corrections.Count == 0 ? [step.Version] : SortedDistinct(VersionsOf(step)));

    public static AnchorHit Of(LocalDate date, params EffectiveStep[] steps) =>
        steps.Length == 1 ? Of(date, steps[0]) : new(date, SortedDistinct(steps.SelectMany(VersionsOf).ToList()));

    /// <summary>The versions behind several hits (a result's sources), in order, each once.</summary>
    public static IReadOnlyList<long> VersionsOf(AnchorHit first, AnchorHit? second, AnchorHit? third)
    {
        if (second is null && third is null) return first.Versions;
        var all = new List<long>(first.Versions.Count + (second?.Versions.Count ?? 0) + (third?.Versions.Count ?? 0));
        all.AddRange(first.Versions);
        if (second is not null) all.AddRange(second.Versions);
        if (third is not null) all.AddRange(third.Versions);
        return SortedDistinct(all);
    }

    private static long[] SortedDistinct(List<long> versions)
    {
        versions.Sort();
        var kept = 0;
        for (var i = 0; i < versions.Count; i++)
        {
            if (kept == 0 || versions[i] != versions[kept - 1]) versions[kept++] = versions[i];
        }
        return [.. versions.Take(kept)];
    }

    private static long[] SortedDistinct(IReadOnlyList<long> versions) => SortedDistinct(new List<long>(versions));
}
