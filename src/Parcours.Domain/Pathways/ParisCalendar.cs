using NodaTime;

namespace Parcours.Domain.Pathways;

/// <summary>
/// Turns an instant into the calendar date of the département (Europe/Paris). Used at the edge only: to compute
/// the "today" the decider receives, and to show the day a step was recorded.
/// </summary>
public static class ParisCalendar
{
    public static DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    public static LocalDate DateOf(Instant instant) => instant.InZone(Zone).Date;

    public static LocalDate Today(IClock clock) => DateOf(clock.GetCurrentInstant());
}
