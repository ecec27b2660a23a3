using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>CALPAE row 6: first contract within 2 calendar months of the first orientation, both bounds included.</summary>
public class CalpaeRow6ContractDelayTests
{
    private static readonly IndicatorDefinition Definition = CalpaeRow6ContractDelay.Definition;

    private static IndicatorResult SignedOn(NodaTime.LocalDate orientedOn, NodaTime.LocalDate signedOn) => Evaluate.Single(
        Definition,
        new History().Entered(orientedOn.PlusDays(-20)).Oriented(orientedOn).Contract(signedOn),
        asOf: D(2026, 1, 1));

    [Fact]
    public void Case01_orientation_on_31_january_has_its_deadline_on_31_march()
    {
        var result = SignedOn(D(2024, 1, 31), D(2024, 3, 31));

        result.Deadline.ShouldBe(D(2024, 3, 31));
        result.Outcome.ShouldBe(Outcome.Met);
    }

    [Fact]
    public void Case02_the_day_after_the_deadline_is_missed()
    {
        SignedOn(D(2024, 1, 31), D(2024, 4, 1)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case03_orientation_on_31_december_has_its_deadline_on_29_february()
    {
        var result = SignedOn(D(2023, 12, 31), D(2024, 2, 29));

        result.Deadline.ShouldBe(D(2024, 2, 29));
        result.Outcome.ShouldBe(Outcome.Met);
    }

    [Fact]
    public void Case04_a_contract_13_months_later_is_missed_not_under_two_months()
    {
        var result = SignedOn(D(2024, 1, 15), D(2025, 2, 20));

        result.Outcome.ShouldBe(Outcome.Missed);
        result.DelayDays.ShouldBe(402);
    }

    [Fact]
    public void Case05_a_contract_dated_before_the_orientation_is_flagged_and_excluded()
    {
        var result = SignedOn(D(2024, 1, 15), D(2024, 1, 10));

        result.Outcome.ShouldBe(Outcome.Excluded);
        result.Reason.ShouldBe(OutcomeReason.NegativeDelay);
    }

    [Fact]
    public void Case06_with_two_orientations_the_window_runs_from_the_first()
    {
        var history = new History().Entered(D(2024, 1, 2)).Oriented(D(2024, 1, 15)).Reoriented(D(2024, 3, 1)).Contract(D(2024, 3, 20));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Start.ShouldBe(D(2024, 1, 15));
        result.Outcome.ShouldBe(Outcome.Missed);
        result.Cohort.ShouldBe(M(2024, 1));
    }

    [Fact]
    public void Case07_no_contract_yet_is_pending_until_the_deadline_then_missed()
    {
        var history = new History().Entered(D(2024, 1, 2)).Oriented(D(2024, 1, 15));

        Evaluate.Single(Definition, history, asOf: D(2024, 3, 15)).Outcome.ShouldBe(Outcome.Pending);
        Evaluate.Single(Definition, history, asOf: D(2024, 3, 16)).Outcome.ShouldBe(Outcome.Missed);
    }
}
