using Microsoft.AspNetCore.Http;
using Exports = Parcours.Application.Reporting.Exports;

namespace Parcours.Server.Features.Indicators;

/// <summary>
/// The one place where an indicator report becomes a response in the asked format (<c>?format=</c>): JSON is the API's
/// <see cref="IndicatorTable"/> (with the projection's lag); CSV (French headers, dd/mm/yyyy, ';', UTF-8 with BOM) and
/// XLSX (the CALPAE table layout) are the files of <c>parcours report</c>, written by the exporters of
/// <c>Parcours.Application.Reporting.Exports</c> from the same figures.
/// </summary>
public static class IndicatorFormats
{
    public const string Json = "json";
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    public static IReadOnlyList<string> Known { get; } = [Json, Csv, Xlsx];

    public static bool IsFile(string format) => format is Csv or Xlsx;

    public static IResult Write(IndicatorTable table) => TypedResults.Ok(table);

    public static IResult WriteFile(string format, Exports.IndicatorReport report)
    {
        var name = $"indicateurs-{report.Tenant}-{report.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)}";
        return format == Csv
            ? TypedResults.File(Exports.IndicatorCsv.Write(report), "text/csv; charset=utf-8", name + ".csv")
            : TypedResults.File(Exports.IndicatorXlsx.Write(report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
    }
}
