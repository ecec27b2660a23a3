using NodaTime;
using Parcours.Domain.Indicators;

namespace Parcours.Domain.Tests.Indicators.Support;

public static class Evaluate
{
    /// <summary>The single result of a definition for a one-episode, one-window history.</summary>
    public static IndicatorResult Single(IndicatorDefinition definition, History history, LocalDate asOf, Instant? knownAt = null) =>
        IndicatorEngine.Evaluate(definition, History.Case, history.Events, asOf, knownAt).ShouldHaveSingleItem();

    public static IReadOnlyList<IndicatorResult> All(IndicatorDefinition definition, History history, LocalDate asOf, Instant? knownAt = null) =>
        IndicatorEngine.Evaluate(definition, History.Case, history.Events, asOf, knownAt);
}
