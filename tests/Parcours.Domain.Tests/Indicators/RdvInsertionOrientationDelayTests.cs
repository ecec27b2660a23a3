using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>
/// rdv-insertion "oriented in less than 45 days": orientation appointment held strictly before entry + 45 days;
/// members whose 45 days have not elapsed are left out of numerator and denominator.
/// </summary>
public class RdvInsertionOrientationDelayTests
{
    private static readonly IndicatorDefinition Definition = RdvInsertionOrientationDelay.Definition;

    private static History HeldOn(NodaTime.LocalDate heldOn) =>
        new History().Entered(D(2024, 3, 1)).AppointmentHeld(AppointmentKind.Orientation, fixedOn: D(2024, 3, 5), heldOn);

    [Fact]
    public void Case01_held_on_day_44_counts()
    {
        var result = Evaluate.Single(Definition, HeldOn(D(2024, 4, 14)), asOf: D(2024, 6, 1));

        result.DelayDays.ShouldBe(44);
        result.Outcome.ShouldBe(Outcome.Met);
    }

    [Fact]
    public void Case02_held_on_day_45_is_missed_the_bound_is_strict()
    {
        var result = Evaluate.Single(Definition, HeldOn(D(2024, 4, 15)), asOf: D(2024, 6, 1));

        result.Deadline.ShouldBe(D(2024, 4, 15));
        result.Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case03_an_appointment_fixed_but_not_held_does_not_count()
    {
        var history = new History().Entered(D(2024, 3, 1)).AppointmentFixed(AppointmentKind.Orientation, D(2024, 3, 5), D(2024, 3, 20));

        Evaluate.Single(Definition, history, asOf: D(2024, 6, 1)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case04_a_member_already_oriented_but_not_mature_is_left_out_of_the_rate()
    {
        var early = Evaluate.Single(Definition, HeldOn(D(2024, 3, 20)), asOf: D(2024, 4, 10));
        var mature = Evaluate.Single(Definition, HeldOn(D(2024, 3, 20)), asOf: D(2024, 4, 15));

        early.Outcome.ShouldBe(Outcome.Met);
        early.Mature.ShouldBeFalse();
        mature.Mature.ShouldBeTrue();
        var figures = IndicatorAggregate.Of(Definition, [early])[CohortKey.Overall(M(2024, 3))];
        figures.Denominator.ShouldBe(0);
        figures.Rate.ShouldBeNull();
        figures.Pending.ShouldBe(1);
        IndicatorAggregate.Of(Definition, [mature])[CohortKey.Overall(M(2024, 3))].Rate.ShouldBe(1m);
    }
}
