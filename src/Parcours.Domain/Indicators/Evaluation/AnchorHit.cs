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

    public static AnchorHit Of(LocalDate date, params EffectiveStep[] steps) =>
        new(date, [.. steps.SelectMany(VersionsOf).Distinct().Order()]);
}
