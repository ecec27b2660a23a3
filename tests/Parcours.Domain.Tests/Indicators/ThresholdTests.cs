using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

public class ThresholdTests
{
    [Theory]
    [InlineData(2024, 2, 29)]
    [InlineData(2023, 2, 28)]
    public void One_month_after_31_january_is_the_last_day_of_february(int year, int month, int day)
    {
        Threshold.Months(1, Bound.Inclusive).DeadlineFrom(D(year, 1, 31)).ShouldBe(D(year, month, day));
    }

    [Fact]
    public void An_inclusive_bound_counts_the_deadline_an_exclusive_one_stops_the_day_before()
    {
        Threshold.Days(45, Bound.Inclusive).IsOnTime(D(2024, 3, 1), D(2024, 4, 15)).ShouldBeTrue();
        Threshold.Days(45, Bound.Exclusive).IsOnTime(D(2024, 3, 1), D(2024, 4, 15)).ShouldBeFalse();
        Threshold.Days(45, Bound.Exclusive).IsOnTime(D(2024, 3, 1), D(2024, 4, 14)).ShouldBeTrue();
    }

    [Fact]
    public void Two_weeks_are_fourteen_days()
    {
        Threshold.Weeks(2, Bound.Inclusive).DeadlineFrom(D(2024, 2, 20)).ShouldBe(D(2024, 3, 5));
    }

    [Fact]
    public void Day_counts_over_thirteen_months_are_counted_in_days_not_read_from_a_months_component()
    {
        DayCount.Between(D(2024, 1, 15), D(2025, 2, 20)).ShouldBe(402);
        DayCount.Between(D(2024, 3, 5), D(2024, 3, 1)).ShouldBe(-4);
    }
}
