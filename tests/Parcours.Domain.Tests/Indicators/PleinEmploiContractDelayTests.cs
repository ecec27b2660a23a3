using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>
/// Loi plein emploi: a contract within one month of the notification of each orientation decision; a new decision
/// before any contract interrupts the window (excluded, neither met nor missed) and opens its own.
/// </summary>
public class PleinEmploiContractDelayTests
{
    private static readonly IndicatorDefinition Definition = PleinEmploiContractDelay.Definition;

    [Fact]
    public void Case01_contract_on_the_deadline_one_month_after_notification_counts()
    {
        var history = new History().Entered(D(2025, 1, 6)).Oriented(D(2025, 1, 31), notifiedOn: D(2025, 2, 3))
            .Contract(D(2025, 3, 3), ContractKind.EngagementContract);

        var result = Evaluate.Single(Definition, history, asOf: D(2025, 6, 1));

        result.Start.ShouldBe(D(2025, 2, 3));
        result.Deadline.ShouldBe(D(2025, 3, 3));
        result.Outcome.ShouldBe(Outcome.Met);
        result.Cohort.ShouldBe(M(2025, 2));
    }

    [Fact]
    public void Case02_contract_the_day_after_the_deadline_is_missed()
    {
        var history = new History().Entered(D(2025, 1, 6)).Oriented(D(2025, 1, 31), notifiedOn: D(2025, 2, 3))
            .Contract(D(2025, 3, 4), ContractKind.EngagementContract);

        Evaluate.Single(Definition, history, asOf: D(2025, 6, 1)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case03_notified_on_31_january_has_its_deadline_on_28_february()
    {
        var history = new History().Entered(D(2025, 1, 6)).Oriented(D(2025, 1, 30)).Notified(D(2025, 1, 31));

        var result = Evaluate.Single(Definition, history, asOf: D(2025, 2, 28));

        result.Deadline.ShouldBe(D(2025, 2, 28));
        result.Outcome.ShouldBe(Outcome.Pending);
        result.SourceVersions.ShouldBe([3L]);
    }

    [Fact]
    public void Case04_a_reorientation_before_any_contract_interrupts_and_restarts_the_window()
    {
        var history = new History().Entered(D(2025, 1, 6))
            .Oriented(D(2025, 1, 31), notifiedOn: D(2025, 2, 3))
            .Reoriented(D(2025, 2, 20), notifiedOn: D(2025, 2, 24))
            .Contract(D(2025, 3, 10), ContractKind.EngagementContract);

        var results = Evaluate.All(Definition, history, asOf: D(2025, 6, 1));

        results.Select(r => (r.Occurrence, r.Outcome, r.Reason, r.Start, r.End)).ShouldBe(
        [
            (1, Outcome.Excluded, (OutcomeReason?)OutcomeReason.Interrupted, (NodaTime.LocalDate?)D(2025, 2, 3), (NodaTime.LocalDate?)null),
            (2, Outcome.Met, null, D(2025, 2, 24), D(2025, 3, 10)),
        ]);
        results[1].BreakdownKeys[Breakdown.Track].ShouldBe("Professional");
    }

    [Fact]
    public void Case05_a_reorientation_after_the_window_closed_does_not_rescue_the_missed_one()
    {
        var history = new History().Entered(D(2025, 1, 6))
            .Oriented(D(2025, 1, 31), notifiedOn: D(2025, 2, 3))
            .Reoriented(D(2025, 3, 20), notifiedOn: D(2025, 3, 21));

        var results = Evaluate.All(Definition, history, asOf: D(2025, 4, 1));

        results.Select(r => r.Outcome).ShouldBe([Outcome.Missed, Outcome.Pending]);
    }

    [Fact]
    public void Case06_a_decision_not_yet_notified_opens_no_window()
    {
        var history = new History().Entered(D(2025, 1, 6)).Oriented(D(2025, 1, 31));

        var result = Evaluate.Single(Definition, history, asOf: D(2025, 4, 1));

        result.Outcome.ShouldBe(Outcome.NotInPopulation);
        result.Reason.ShouldBe(OutcomeReason.StartNotReached);
    }

    [Fact]
    public void Case07_a_contract_signed_between_the_decision_and_its_notification_is_flagged_and_excluded()
    {
        var history = new History().Entered(D(2025, 1, 6)).Oriented(D(2025, 1, 31), notifiedOn: D(2025, 2, 10))
            .Contract(D(2025, 2, 5), ContractKind.EngagementContract);

        Evaluate.Single(Definition, history, asOf: D(2025, 4, 1)).Reason.ShouldBe(OutcomeReason.NegativeDelay);
    }
}
