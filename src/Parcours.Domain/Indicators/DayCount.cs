using NodaTime;

namespace Parcours.Domain.Indicators;

/// <summary>
/// The one way Parcours counts days between two business dates: calendar days, end minus start, so the same day
/// is 0 and the next day is 1. Negative when the end precedes the start. Never derived from a mixed period's
/// components (a 13-month gap is about 396 days, never "1 month").
/// </summary>
public static class DayCount
{
    public static int Between(LocalDate start, LocalDate end) => Period.DaysBetween(start, end);
}
