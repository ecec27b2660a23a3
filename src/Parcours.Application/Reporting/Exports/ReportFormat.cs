using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Reporting.Exports;

/// <summary>How reports write dates, instants and numbers for French readers (dd/mm/yyyy, decimal comma, Paris time).</summary>
public static class ReportFormat
{
    public static CultureInfo French { get; } = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Create("dd/MM/uuuu", CultureInfo.InvariantCulture);
    private static readonly LocalDateTimePattern DateTimePattern = LocalDateTimePattern.Create("dd/MM/uuuu HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"30/06/2025".</summary>
    public static string Date(LocalDate date) => DatePattern.Format(date);

    /// <summary>The instant's date and time in Paris: "15/07/2025 02:00".</summary>
    public static string ParisDateTime(Instant instant) => DateTimePattern.Format(instant.InZone(ParisCalendar.Zone).LocalDateTime);

    /// <summary>"juin 2025".</summary>
    public static string MonthName(YearMonth month) => month.ToString("MMMM yyyy", French);

    /// <summary>A decimal with two decimals and a comma, no thousands separator: "87,50".</summary>
    public static string Decimal(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", French);

    /// <summary>A rate in [0, 1] as a percentage with two decimals: 0.875 → "87,50".</summary>
    public static string Percent(decimal rate) => Decimal(rate * 100m);

    public static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"1 234" with the French group separator, for screens.</summary>
    public static string Grouped(long value) => value.ToString("N0", French);
}
