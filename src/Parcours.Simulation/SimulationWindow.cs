using NodaTime;

namespace Parcours.Simulation;

/// <summary>
/// The simulated period: whole calendar months from <see cref="StartMonth"/>. Nothing is recorded at or after
/// <see cref="End"/> (midnight, Europe/Paris, after <see cref="LastDay"/>), and so no business date is after <see cref="LastDay"/>.
/// </summary>
public sealed record SimulationWindow(YearMonth StartMonth, int Months)
{
    public static DateTimeZone Paris { get; } = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    public LocalDate FirstDay => StartMonth.OnDayOfMonth(1);
    public LocalDate LastDay => FirstDay.PlusMonths(Months).PlusDays(-1);
    public Instant Start => FirstDay.AtStartOfDayInZone(Paris).ToInstant();
    public Instant End => LastDay.PlusDays(1).AtStartOfDayInZone(Paris).ToInstant();

    public YearMonth Month(int offset) => FirstDay.PlusMonths(offset).ToYearMonth();

    public bool Contains(LocalDate date) => date >= FirstDay && date <= LastDay;
}
