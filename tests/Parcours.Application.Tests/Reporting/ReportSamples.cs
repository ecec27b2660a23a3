using NodaTime;
using Parcours.Application.Reporting;
using Parcours.Application.Reporting.Exports;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.EventStore;

namespace Parcours.Application.Tests.Reporting;

/// <summary>Reports over varied figures: every definition gets different numbers, some provisional, some not computable.</summary>
internal static class ReportSamples
{
    public static readonly YearMonth June2025 = new(2025, 6);

    /// <summary>A day well after June 2025: the month is over, only pending members make a row provisional.</summary>
    public static readonly Instant ComputedAt = Instant.FromUtc(2025, 9, 10, 8, 30);

    public static IReadOnlyList<MonthlyFigure> Figures(IReadOnlyList<IndicatorDefinition> definitions, int seed) =>
    [
        .. definitions.Select((d, i) =>
        {
            var k = seed + i;
            var denominator = i == 3 ? 0 : 40 + 17 * k;
            var numerator = denominator == 0 ? 0 : denominator - 3 - k;
            var pending = i % 2 == 0 ? 0 : k;
            return new MonthlyFigure(d, June2025, new CohortFigures(
                numerator,
                denominator,
                denominator == 0 ? null : Math.Round((decimal)numerator / denominator, 6),
                i == 3 ? null : 20.125m + 3.3m * k,
                i == 3 ? null : 18.5m + k,
                pending,
                i,
                pending > 0));
        }),
    ];

    public static IndicatorReport Report(bool withPleinEmploi = true, Instant? asKnownAt = null, Instant? computedAt = null)
    {
        IEnumerable<(DefinitionSet, IReadOnlyList<MonthlyFigure>)> sets =
        [
            (DefinitionSet.Calpae2019, Figures(BuiltInIndicators.Calpae2019, 1)),
            .. withPleinEmploi ? [(DefinitionSet.PleinEmploi2025, Figures(BuiltInIndicators.PleinEmploi2025, 5))] : Array.Empty<(DefinitionSet, IReadOnlyList<MonthlyFigure>)>(),
        ];
        return IndicatorReport.Create(TenantId.Parse("31"), "Haute-Garonne", June2025, asKnownAt, computedAt ?? ComputedAt, sets);
    }
}
