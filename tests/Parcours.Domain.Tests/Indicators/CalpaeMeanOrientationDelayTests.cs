using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>Délai moyen d'orientation: days from the application to the first orientation, in the entry month.</summary>
public class CalpaeMeanOrientationDelayTests
{
    private static readonly IndicatorDefinition Definition = CalpaeMeanOrientationDelay.Definition;

    [Fact]
    public void Case01_the_delay_runs_from_the_application_and_counts_in_the_entry_month()
    {
        var history = new History().Entered(D(2024, 2, 20), applied: D(2024, 1, 2)).Oriented(D(2024, 4, 1));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.DelayDays.ShouldBe(90);
        result.Cohort.ShouldBe(M(2024, 2));
        result.Outcome.ShouldBe(Outcome.Met);
    }

    [Fact]
    public void Case02_mean_and_median_of_a_month_over_the_oriented_people_only()
    {
        var histories = new[]
        {
            new History().Entered(D(2024, 2, 1), applied: D(2024, 1, 1)).Oriented(D(2024, 1, 31)),  // 30 days
            new History().Entered(D(2024, 2, 5), applied: D(2024, 1, 1)).Oriented(D(2024, 3, 1)),   // 60 days
            new History().Entered(D(2024, 2, 9), applied: D(2024, 1, 1)).Oriented(D(2024, 5, 10)),  // 130 days
            new History().Entered(D(2024, 2, 9), applied: D(2024, 1, 1)),                          // not oriented
        };

        var aggregate = IndicatorAggregate.Of(Definition, histories.SelectMany(h => Evaluate.All(Definition, h, asOf: D(2024, 6, 1))));
        var february = aggregate[CohortKey.Overall(M(2024, 2))];

        february.MeanDelayDays.ShouldBe(220m / 3);
        february.MedianDelayDays.ShouldBe(60m);
        february.Pending.ShouldBe(1);
        february.Provisional.ShouldBeTrue();
    }
}
