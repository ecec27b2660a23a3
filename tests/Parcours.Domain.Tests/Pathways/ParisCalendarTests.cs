using NodaTime;
using NodaTime.Testing;
using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Tests.Pathways;

public class ParisCalendarTests
{
    [Fact]
    public void Late_evening_utc_in_summer_is_already_the_next_day_in_Paris() =>
        ParisCalendar.DateOf(Instant.FromUtc(2025, 3, 31, 22, 30)).ShouldBe(1.April(2025));

    [Fact]
    public void New_year_arrives_an_hour_before_utc_in_winter() =>
        ParisCalendar.DateOf(Instant.FromUtc(2024, 12, 31, 23, 0)).ShouldBe(1.January(2025));

    [Fact]
    public void One_minute_before_midnight_in_Paris_is_still_the_same_day() =>
        ParisCalendar.DateOf(Instant.FromUtc(2025, 6, 30, 21, 59)).ShouldBe(30.June(2025));

    [Fact]
    public void Today_reads_the_given_clock() =>
        ParisCalendar.Today(new FakeClock(Instant.FromUtc(2025, 10, 25, 22, 30))).ShouldBe(26.October(2025));
}
