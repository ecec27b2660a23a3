using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>Taux d'orientation des SDD: a stock at the as-of date over current SDD beneficiaries.</summary>
public class CalpaeOrientationRateTests
{
    private static readonly IndicatorDefinition Definition = CalpaeOrientationRate.Definition;

    [Fact]
    public void Case01_oriented_on_or_before_the_as_of_date_counts_in_the_as_of_month()
    {
        var history = new History().Entered(D(2021, 3, 1)).Oriented(D(2021, 12, 16));

        var result = Evaluate.Single(Definition, history, asOf: D(2021, 12, 16));

        result.Outcome.ShouldBe(Outcome.Met);
        result.Cohort.ShouldBe(M(2021, 12));
    }

    [Fact]
    public void Case02_not_yet_oriented_on_the_as_of_date_is_not_oriented_there_is_no_pending_in_a_stock()
    {
        var history = new History().Entered(D(2021, 3, 1)).Oriented(D(2021, 12, 17));

        Evaluate.Single(Definition, history, asOf: D(2021, 12, 16)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case03_a_person_who_left_the_rsa_is_not_in_the_stock()
    {
        var history = new History().Entered(D(2021, 3, 1)).Exited(D(2021, 10, 31));

        var result = Evaluate.Single(Definition, history, asOf: D(2021, 12, 16));

        result.Outcome.ShouldBe(Outcome.NotInPopulation);
        result.Reason.ShouldBe(OutcomeReason.EpisodeClosed);
    }

    [Fact]
    public void Case04_the_rights_and_duties_status_is_taken_on_the_as_of_date()
    {
        var history = new History().Entered(D(2021, 3, 1), sdd: false).RightsAndDuties(D(2021, 6, 1), subject: true);

        Evaluate.Single(Definition, history, asOf: D(2021, 5, 31)).Outcome.ShouldBe(Outcome.NotInPopulation);
        Evaluate.Single(Definition, history, asOf: D(2021, 12, 16)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case05_the_rate_is_oriented_over_current_sdd()
    {
        var histories = new[]
        {
            new History().Entered(D(2021, 1, 4)).Oriented(D(2021, 2, 1)),
            new History().Entered(D(2021, 1, 4)).Oriented(D(2021, 2, 1)),
            new History().Entered(D(2021, 1, 4)),
            new History().Entered(D(2021, 1, 4)).Exited(D(2021, 5, 1)),
        };

        var aggregate = IndicatorAggregate.Of(Definition, histories.SelectMany(h => Evaluate.All(Definition, h, asOf: D(2021, 12, 16))));

        aggregate[CohortKey.Overall(M(2021, 12))].ShouldBe(new CohortFigures(2, 3, 2m / 3, 28m, 28m, 0, 0, false));
    }

    [Fact]
    public void Case06_an_episode_replaced_by_a_reentry_after_a_long_suspension_leaves_the_stock()
    {
        var history = new History()
            .Entered(D(2022, 1, 10)).Oriented(D(2022, 1, 15)).Add(new RightSuspended(D(2022, 3, 1), "ressources"))
            .Reentered(D(2023, 6, 1), ReentryGround.AfterLongSuspension);

        var results = Evaluate.All(Definition, history, asOf: D(2023, 7, 15));

        results.Select(r => (r.Episode, r.Outcome, r.Reason)).ShouldBe(
        [
            (1, Outcome.NotInPopulation, (OutcomeReason?)OutcomeReason.EpisodeClosed),
            (2, Outcome.Missed, null),
        ]);
    }
}
