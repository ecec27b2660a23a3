using NodaTime;
using Parcours.Simulation.Profiles;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Generation;

/// <summary>Turns "recorded on that day" into an instant: office hours on working days, or the nightly import hour.</summary>
internal sealed class RecordingCalendar(RecordingParameters recording)
{
    private static readonly DateTimeZone Paris = SimulationWindow.Paris;

    public static bool IsWorkingDay(LocalDate date) =>
        date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday);

    public static LocalDate NextWorkingDay(LocalDate date)
    {
        while (!IsWorkingDay(date)) date = date.PlusDays(1);
        return date;
    }

    public static LocalDate DateOf(Instant instant) => instant.InZone(Paris).Date;

    /// <summary>A moment of office hours on that day (moved to the next working day if needed).</summary>
    public Instant DuringOfficeHours(LocalDate date, SeededRandom random)
    {
        var day = NextWorkingDay(date);
        var minutes = MinutesOpen;
        return At(day, recording.OfficeOpens.PlusMinutes(random.Next(minutes)));
    }

    /// <summary>A moment of the nightly import on that day (any day of the week: it is a machine).</summary>
    public Instant DuringImport(LocalDate date, SeededRandom random) =>
        At(date, recording.ImportRunsAt.PlusMinutes(random.Next(60)));

    /// <summary>
    /// The first office-hours moment a few minutes after <paramref name="earliest"/>: what a staff member does
    /// when a step can only be recorded after another one.
    /// </summary>
    public Instant OfficeMomentAfter(Instant earliest, SeededRandom random)
    {
        var local = earliest.Plus(Duration.FromMinutes(random.Between(1, 20))).InZone(Paris).LocalDateTime;
        if (IsWorkingDay(local.Date) && local.TimeOfDay >= recording.OfficeOpens && local.TimeOfDay < recording.OfficeCloses)
            return local.InZoneLeniently(Paris).ToInstant();
        var day = local.TimeOfDay < recording.OfficeOpens ? local.Date : local.Date.PlusDays(1);
        return At(NextWorkingDay(day), recording.OfficeOpens.PlusMinutes(random.Next(120)));
    }

    private int MinutesOpen => (int)Period.Between(recording.OfficeOpens, recording.OfficeCloses, PeriodUnits.Minutes).Minutes;

    private static Instant At(LocalDate date, LocalTime time) => (date + time).InZoneLeniently(Paris).ToInstant();
}

/// <summary>Staff steps (decisions, appointments, signatures) happen on working days.</summary>
internal static class WorkingDayDelays
{
    public static LocalDate WorkingDayAfter(this DelayDistribution delay, LocalDate start, SeededRandom random) =>
        RecordingCalendar.NextWorkingDay(delay.After(start, random));
}
