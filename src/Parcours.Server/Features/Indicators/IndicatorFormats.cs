using Microsoft.AspNetCore.Http;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Indicators;

/// <summary>
/// The one place where an indicator table becomes a response in the asked format (<c>?format=</c>).
/// JSON is written here. CSV (French headers, dd/mm/yyyy, ';', UTF-8 with BOM) and XLSX (the CALPAE table layout) come
/// from the exporters of src/Parcours.Application/Reporting/Exports (branch wt-reports): PLUG THEM IN BELOW, in
/// <see cref="Write"/>, and add their media types to <see cref="Known"/>'s answers; nothing else needs to change.
/// </summary>
public static class IndicatorFormats
{
    public const string Json = "json";
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    public static IReadOnlyList<string> Known { get; } = [Json, Csv, Xlsx];

    public static IResult Write(string format, IndicatorTable table) => format switch
    {
        Json => TypedResults.Ok(table),
        // TODO(wt-reports): Csv => TypedResults.File(<CSV exporter>(table), "text/csv; charset=utf-8", $"indicateurs-{table.Departement}-{table.Month}.csv"),
        // TODO(wt-reports): Xlsx => TypedResults.File(<XLSX exporter>(table), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ...),
        _ => Problems.Result(StatusCodes.Status406NotAcceptable, "format.not-available",
            $"Le format « {format} » n'est pas encore disponible sur ce serveur ; demandez format=json."),
    };
}
