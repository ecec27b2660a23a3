using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

public class IndicatorAggregateTests
{
    private static readonly IndicatorDefinition Row2 = CalpaeRow2OrientationDelay.Definition;

    private static IReadOnlyList<IndicatorResult> Person(History history) => Evaluate.All(Row2, history, asOf: D(2024, 4, 20));

    [Fact]
    public void An_empty_cohort_has_a_rate_that_is_not_computable_never_zero()
    {
        var figures = new IndicatorAggregate(Row2)[CohortKey.Overall(M(2024, 2))];

        figures.Denominator.ShouldBe(0);
        figures.Rate.ShouldBeNull();
        figures.MeanDelayDays.ShouldBeNull();
        figures.MedianDelayDays.ShouldBeNull();
    }

    [Fact]
    public void A_cohort_with_pending_members_is_provisional_and_counts_them_in_the_denominator()
    {
        var aggregate = IndicatorAggregate.Of(Row2,
        [
            .. Person(new History().Entered(D(2024, 3, 1)).Oriented(D(2024, 3, 11))),      // met, 10 days
            .. Person(new History().Entered(D(2024, 3, 4)).Oriented(D(2024, 4, 10))),      // missed, 37 days
            .. Person(new History().Entered(D(2024, 3, 25))),                              // pending until 25 April
            .. Person(new History().Entered(D(2024, 3, 5)).Oriented(D(2024, 3, 1))),       // negative: excluded
        ]);

        aggregate[CohortKey.Overall(M(2024, 3))].ShouldBe(new CohortFigures(
            Numerator: 1, Denominator: 3, Rate: 1m / 3, MeanDelayDays: 23.5m, MedianDelayDays: 23.5m, Pending: 1, Excluded: 1, Provisional: true));
    }

    [Fact]
    public void Breakdown_cells_split_the_cohort_by_territory()
    {
        var aggregate = IndicatorAggregate.Of(Row2,
        [
            .. Person(new History().Entered(D(2024, 3, 1), territory: "Nord").Oriented(D(2024, 3, 11))),
            .. Person(new History().Entered(D(2024, 3, 1), territory: "Sud").Oriented(D(2024, 4, 11))),
        ]);

        aggregate[new CohortKey(M(2024, 3), Breakdown.Territory, "Nord")].Rate.ShouldBe(1m);
        aggregate[new CohortKey(M(2024, 3), Breakdown.Territory, "Sud")].Rate.ShouldBe(0m);
        aggregate[CohortKey.Overall(M(2024, 3))].Rate.ShouldBe(0.5m);
    }

    [Fact]
    public void Removing_a_persons_old_results_and_adding_the_new_ones_equals_a_fresh_aggregate()
    {
        var before = Evaluate.All(Row2, new History().Entered(D(2024, 3, 1)), asOf: D(2024, 3, 20));
        var after = Evaluate.All(Row2, new History().Entered(D(2024, 3, 1)).Oriented(D(2024, 3, 25)), asOf: D(2024, 3, 25));
        var other = Person(new History().Entered(D(2024, 3, 2)).Oriented(D(2024, 4, 19)));
        var incremental = IndicatorAggregate.Of(Row2, [.. other, .. before]);

        foreach (var r in before) incremental.Remove(r);
        foreach (var r in after) incremental.Add(r);

        incremental.All().ShouldBe(IndicatorAggregate.Of(Row2, [.. other, .. after]).All());
    }

    [Fact]
    public void A_result_of_another_definition_is_refused()
    {
        var results = Evaluate.All(CalpaeRow1NewEntrants.Definition, new History().Entered(D(2024, 3, 1)), asOf: D(2024, 4, 1));

        Should.Throw<ArgumentException>(() => new IndicatorAggregate(Row2).Add(results[0]));
    }

    [Fact]
    public void A_set_of_aggregates_refuses_a_result_of_a_definition_it_does_not_hold_and_a_definition_listed_twice()
    {
        var results = Evaluate.All(CalpaeRow1NewEntrants.Definition, new History().Entered(D(2024, 3, 1)), asOf: D(2024, 4, 1));

        Should.Throw<ArgumentException>(() => new IndicatorAggregates([Row2]).Add(results[0]));
        Should.Throw<ArgumentException>(() => new IndicatorAggregates([Row2]).AddInParallel(results));
        Should.Throw<ArgumentException>(() => new IndicatorAggregates([Row2, Row2]));
    }
}
