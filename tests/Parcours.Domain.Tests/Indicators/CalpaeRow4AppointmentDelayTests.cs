using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>CALPAE row 4: first accompaniment appointment fixed at most 14 days after the first orientation.</summary>
public class CalpaeRow4AppointmentDelayTests
{
    private static readonly IndicatorDefinition Definition = CalpaeRow4AppointmentDelay.Definition;

    private static IndicatorResult FixedOn(NodaTime.LocalDate fixedOn) => Evaluate.Single(
        Definition,
        new History().Entered(D(2024, 2, 20)).Oriented(D(2024, 3, 1))
            .AppointmentFixed(AppointmentKind.Accompaniment, fixedOn, scheduledFor: fixedOn.PlusDays(20)),
        asOf: D(2024, 6, 1));

    [Fact]
    public void Case01_fixed_14_days_after_the_orientation_counts()
    {
        var result = FixedOn(D(2024, 3, 15));

        result.Outcome.ShouldBe(Outcome.Met);
        result.Deadline.ShouldBe(D(2024, 3, 15));
        result.DelayDays.ShouldBe(14);
    }

    [Fact]
    public void Case02_fixed_15_days_after_the_orientation_is_missed_unlike_webrsa()
    {
        FixedOn(D(2024, 3, 16)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case03_fixed_at_the_kiosk_on_the_orientation_day_counts()
    {
        FixedOn(D(2024, 3, 1)).DelayDays.ShouldBe(0);
        FixedOn(D(2024, 3, 1)).Outcome.ShouldBe(Outcome.Met);
    }

    [Fact]
    public void Case04_fixed_the_day_before_the_orientation_is_flagged_and_excluded()
    {
        var result = FixedOn(D(2024, 2, 29));

        result.Outcome.ShouldBe(Outcome.Excluded);
        result.Reason.ShouldBe(OutcomeReason.NegativeDelay);
    }

    [Fact]
    public void Case05_counts_in_the_orientation_month_not_the_entry_month()
    {
        FixedOn(D(2024, 3, 10)).Cohort.ShouldBe(M(2024, 3));
    }
}
