using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>CALPAE row 1: every new entrant SDD, counted in the month the département learned of the entry.</summary>
public class CalpaeRow1NewEntrantsTests
{
    private static readonly IndicatorDefinition Definition = CalpaeRow1NewEntrants.Definition;

    [Fact]
    public void Case01_a_new_entrant_counts_in_the_month_the_departement_learned_of_it()
    {
        var history = new History().Entered(D(2024, 3, 31), applied: D(2024, 2, 20));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 4, 1));

        result.Outcome.ShouldBe(Outcome.Met);
        result.Cohort.ShouldBe(M(2024, 3));
        result.Deadline.ShouldBeNull();
    }

    [Fact]
    public void Case02_a_person_not_subject_to_rights_and_duties_is_not_counted()
    {
        var history = new History().Entered(D(2024, 3, 31), sdd: false);

        Evaluate.Single(Definition, history, asOf: D(2024, 4, 1)).Outcome.ShouldBe(Outcome.NotInPopulation);
    }

    [Fact]
    public void Case03_a_person_reentering_after_a_closure_counts_again_in_the_month_of_reentry()
    {
        var history = new History()
            .Entered(D(2023, 1, 10)).Exited(D(2023, 6, 30))
            .Reentered(D(2024, 2, 1), ReentryGround.AfterClosure);

        var results = Evaluate.All(Definition, history, asOf: D(2024, 6, 1));

        results.Select(r => (r.Outcome, r.Cohort)).ShouldBe([(Outcome.Met, (NodaTime.YearMonth?)M(2023, 1)), (Outcome.Met, M(2024, 2))]);
    }

    [Fact]
    public void Case04_the_count_of_a_month_is_the_number_of_its_entrants()
    {
        var results = new[] { D(2024, 3, 1), D(2024, 3, 31), D(2024, 4, 1) }
            .SelectMany(day => Evaluate.All(Definition, new History().Entered(day), asOf: D(2024, 5, 1)));

        var aggregate = IndicatorAggregate.Of(Definition, results);

        aggregate[CohortKey.Overall(M(2024, 3))].Numerator.ShouldBe(2);
        aggregate[CohortKey.Overall(M(2024, 4))].Numerator.ShouldBe(1);
    }

    [Fact]
    public void Case05_a_person_reentering_after_a_suspension_of_more_than_a_year_counts_again_but_not_after_a_short_one()
    {
        var history = new History()
            .Entered(D(2022, 11, 21)).Add(new RightSuspended(D(2023, 1, 1), "ressources"))
            .Reentered(D(2024, 1, 20), ReentryGround.AfterLongSuspension);
        var resumed = new History()
            .Entered(D(2022, 11, 21)).Add(new RightSuspended(D(2023, 1, 1), "ressources")).Add(new RightResumed(D(2023, 4, 1)));

        Evaluate.All(Definition, history, asOf: D(2024, 6, 1)).Select(r => r.Cohort).ShouldBe([M(2022, 11), M(2024, 1)]);
        Evaluate.All(Definition, resumed, asOf: D(2024, 6, 1)).Select(r => r.Cohort).ShouldBe([M(2022, 11)]);
    }
}
