using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>CALPAE row 3: first accompaniment appointment fixed after the first orientation, in the orientation month.</summary>
public class CalpaeRow3FirstAppointmentsTests
{
    private static readonly IndicatorDefinition Definition = CalpaeRow3FirstAppointments.Definition;

    [Fact]
    public void Case01_an_appointment_fixed_after_the_orientation_counts_in_the_orientation_month()
    {
        var history = new History().Entered(D(2024, 1, 10)).Oriented(D(2024, 2, 27))
            .AppointmentFixed(AppointmentKind.Accompaniment, fixedOn: D(2024, 3, 4), scheduledFor: D(2024, 3, 20));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Outcome.ShouldBe(Outcome.Met);
        result.Cohort.ShouldBe(M(2024, 2));
        result.DelayDays.ShouldBe(6);
    }

    [Fact]
    public void Case02_an_orientation_appointment_is_not_an_accompaniment_appointment()
    {
        var history = new History().Entered(D(2024, 1, 10)).Oriented(D(2024, 2, 27))
            .AppointmentFixed(AppointmentKind.Orientation, fixedOn: D(2024, 3, 4), scheduledFor: D(2024, 3, 20));

        Evaluate.Single(Definition, history, asOf: D(2024, 6, 1)).Outcome.ShouldBe(Outcome.Pending);
    }

    [Fact]
    public void Case03_a_person_not_yet_oriented_is_not_in_the_population()
    {
        var history = new History().Entered(D(2024, 1, 10));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Outcome.ShouldBe(Outcome.NotInPopulation);
        result.Reason.ShouldBe(OutcomeReason.StartNotReached);
    }

    [Fact]
    public void Case04_a_person_who_left_the_rsa_without_an_appointment_is_missed()
    {
        var history = new History().Entered(D(2024, 1, 10)).Oriented(D(2024, 2, 27)).Exited(D(2024, 4, 30));

        Evaluate.Single(Definition, history, asOf: D(2024, 6, 1)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case05_an_episode_replaced_by_a_reentry_after_a_long_suspension_is_missed_not_pending_for_ever()
    {
        var history = new History()
            .Entered(D(2023, 1, 10)).Oriented(D(2023, 2, 1)).Add(new RightSuspended(D(2023, 3, 1), "ressources"))
            .Reentered(D(2024, 4, 2), ReentryGround.AfterLongSuspension).Oriented(D(2024, 4, 15))
            .AppointmentFixed(AppointmentKind.Accompaniment, fixedOn: D(2024, 4, 22), scheduledFor: D(2024, 5, 6));

        var results = Evaluate.All(Definition, history, asOf: D(2024, 6, 1));

        results.Select(r => (r.Episode, r.Outcome, r.Cohort)).ShouldBe(
        [
            (1, Outcome.Missed, (NodaTime.YearMonth?)M(2023, 2)),
            (2, Outcome.Met, M(2024, 4)),
        ]);
    }
}
