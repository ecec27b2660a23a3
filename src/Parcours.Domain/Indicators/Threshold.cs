using NodaTime;

namespace Parcours.Domain.Indicators;

/// <summary>Whether the deadline day itself still counts as on time.</summary>
public enum Bound
{
    /// <summary>On time when end ≤ start + period ("1 mois et moins", "2 semaines ou moins").</summary>
    Inclusive,

    /// <summary>On time when end &lt; start + period ("en moins de 45 jours").</summary>
    Exclusive,
}

/// <summary>
/// A calendar threshold. The deadline is <c>start + Period</c> with NodaTime calendar arithmetic: months are
/// calendar months and truncate on short months (31 January + 1 month = 28 or 29 February); weeks are 7 days.
/// </summary>
public sealed record Threshold(Period Period, Bound Bound)
{
    public static Threshold Months(int months, Bound bound) => new(Period.FromMonths(months), bound);

    public static Threshold Weeks(int weeks, Bound bound) => new(Period.FromWeeks(weeks), bound);

    public static Threshold Days(int days, Bound bound) => new(Period.FromDays(days), bound);

    /// <summary>start + period.</summary>
    public LocalDate DeadlineFrom(LocalDate start) => start.Plus(Period);

    /// <summary>The last day an end event still counts as on time: the deadline, or the day before it if exclusive.</summary>
    public LocalDate LastDayOnTime(LocalDate start) =>
        Bound == Bound.Inclusive ? DeadlineFrom(start) : DeadlineFrom(start).PlusDays(-1);

    /// <summary>Whether an end on <paramref name="end"/> is on time (the caller has ruled out negative delays).</summary>
    public bool IsOnTime(LocalDate start, LocalDate end) => end <= LastDayOnTime(start);
}
