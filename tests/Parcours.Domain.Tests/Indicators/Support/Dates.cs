using NodaTime;

namespace Parcours.Domain.Tests.Indicators.Support;

/// <summary>Short literal dates for readable cases: <c>D(2024, 1, 31)</c>.</summary>
public static class Dates
{
    public static LocalDate D(int year, int month, int day) => new(year, month, day);

    public static YearMonth M(int year, int month) => new(year, month);
}
