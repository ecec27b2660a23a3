using CsvHelper;

namespace Parcours.Application.Reporting.Exports;

/// <summary>
/// The report as CSV for a French Excel: UTF-8 with a byte order mark, <c>;</c> separator, French headers, dates
/// dd/mm/yyyy, decimal comma, one line per indicator of every set. Columns are described in docs/reports.md.
/// A figure the definition does not publish, or that cannot be computed, is an empty cell.
/// </summary>
public static class IndicatorCsv
{
    public static IReadOnlyList<string> Headers { get; } =
    [
        "Département", "Nom du département", "Jeu d'indicateurs", "Ligne", "Indicateur", "Définition", "Version",
        "Début de cohorte", "Fin de cohorte", "Numérateur", "Dénominateur", "Taux (%)", "Délai moyen (jours)",
        "Délai médian (jours)", "En attente", "Exclus", "Statut", "Motif provisoire", "Connu au", "Calculé le",
    ];

    public const string ProvisionalStatus = "provisoire";
    public const string FinalStatus = "définitif";

    /// <summary>';' separated, CRLF, a byte order mark, French numbers; a label a département's file could make start with
    /// '=' is escaped so that Excel never runs it as a formula.</summary>
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Separator = ';',
        NewLine = "\r\n",
        WriteByteOrderMark = true,
        FormatProvider = ReportFormat.French,
        Injection = CsvInjection.Escape,
    };

    public static byte[] Write(IndicatorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            foreach (var header in Headers) csv.WriteField(header);
            csv.EndRecord();
            foreach (var table in report.Tables)
            {
                foreach (var row in table.Rows)
                {
                    WriteRow(csv, report, table, row);
                    csv.EndRecord();
                }
            }
        }
        return buffer.ToArray();
    }

    private static void WriteRow(CsvWriter csv, IndicatorReport report, IndicatorTable table, IndicatorRow row)
    {
        csv.WriteField(report.Tenant);
        csv.WriteField(report.TenantName ?? "");
        csv.WriteField(table.Set.Title);
        csv.WriteField(row.Row ?? "");
        csv.WriteField(row.Label);
        csv.WriteField(row.DefinitionId);
        csv.WriteField(ReportFormat.Integer(row.DefinitionVersion));
        csv.WriteField(ReportFormat.Date(report.FirstDay));
        csv.WriteField(ReportFormat.Date(report.LastDay));
        csv.WriteField(row.Numerator is { } n ? ReportFormat.Integer(n) : "");
        csv.WriteField(row.Denominator is { } d ? ReportFormat.Integer(d) : "");
        csv.WriteField(row.Rate is { } r ? ReportFormat.Percent(r) : "");
        csv.WriteField(row.MeanDelayDays is { } mean ? ReportFormat.Decimal(mean) : "");
        csv.WriteField(row.MedianDelayDays is { } median ? ReportFormat.Decimal(median) : "");
        csv.WriteField(ReportFormat.Integer(row.Pending));
        csv.WriteField(ReportFormat.Integer(row.Excluded));
        csv.WriteField(row.Provisional ? ProvisionalStatus : FinalStatus);
        csv.WriteField(row.ProvisionalReason ?? "");
        csv.WriteField(report.AsKnownAt is { } at ? ReportFormat.ParisDateTime(at) : "");
        csv.WriteField(ReportFormat.ParisDateTime(report.ComputedAt));
    }
}
