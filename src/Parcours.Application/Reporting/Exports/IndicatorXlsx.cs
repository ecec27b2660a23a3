using ClosedXML.Excel;

namespace Parcours.Application.Reporting.Exports;

/// <summary>
/// The report as an XLSX workbook laid out like the CALPAE reporting table: one sheet per definition set, a title
/// with the département and the month, the numbered rows (1 to 6 for CALPAE) then the figures reported beside them
/// (délai moyen…), provisional rows marked with <see cref="ProvisionalMarker"/> and a legend, and a "connu au" line
/// when the report is as known at an instant. Layout in docs/reports.md.
/// </summary>
public static class IndicatorXlsx
{
    public const int TitleRow = 1;
    public const int PeriodRow = 2;
    public const int KnownAtRow = 3;
    public const int HeaderRow = 5;
    public const int FirstDataRow = 6;

    public const int RowColumn = 1;
    public const int LabelColumn = 2;
    public const int NumeratorColumn = 3;
    public const int DenominatorColumn = 4;
    public const int RateColumn = 5;
    public const int MeanDelayColumn = 6;
    public const int MedianDelayColumn = 7;
    public const int PendingColumn = 8;
    public const int ExcludedColumn = 9;
    public const int StatusColumn = 10;
    public const int ReasonColumn = 11;
    public const int DefinitionColumn = 12;

    public const string ProvisionalMarker = "provisoire *";
    public const string FinalMarker = "définitif";
    public const string NotComputable = "n.c.";

    public static IReadOnlyList<string> Headers { get; } =
    [
        "Ligne", "Indicateur", "Nombre", "Dénominateur", "Taux", "Délai moyen (jours)", "Délai médian (jours)",
        "En attente", "Exclus", "Statut", "Motif", "Définition",
    ];

    public static IReadOnlyList<string> Legend { get; } =
    [
        "* provisoire : le chiffre peut encore changer (délais encore en cours, ou mois de cohorte non terminé) ; voir la colonne Motif.",
        "n.c. : non calculable (aucun dossier au dénominateur, ou aucun délai mesuré) ; case vide : chiffre non publié par cette définition.",
        "En attente : dossiers dont le délai court encore. Exclus : dossiers écartés avec un motif (délai négatif, décision interrompue, sortie avant l'échéance).",
        "Chaque définition (identifiant et version) est décrite dans docs/indicators.md.",
    ];

    public static byte[] Write(IndicatorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var workbook = new XLWorkbook();
        foreach (var table in report.Tables) WriteSheet(workbook.Worksheets.Add(table.Set.SheetName), report, table);
        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        return buffer.ToArray();
    }

    /// <summary>The title line of a set's sheet.</summary>
    public static string Title(IndicatorReport report, IndicatorTable table) =>
        $"{table.Set.Title} — {report.Departement} — cohorte de {ReportFormat.MonthName(report.Month)}";

    /// <summary>The line saying which events the figures count.</summary>
    public static string KnownAtLine(IndicatorReport report) =>
        report.AsKnownAt is { } at
            ? $"Connu au {ReportFormat.ParisDateTime(at)} (heure de Paris) : seuls les événements enregistrés avant cet instant sont comptés."
            : "Tous les événements enregistrés au moment du calcul sont comptés.";

    private static void WriteSheet(IXLWorksheet sheet, IndicatorReport report, IndicatorTable table)
    {
        Text(sheet.Cell(TitleRow, 1), Title(report, table)).Style.Font.SetBold().Font.SetFontSize(14);
        Text(sheet.Cell(PeriodRow, 1),
            $"Cohorte du {ReportFormat.Date(report.FirstDay)} au {ReportFormat.Date(report.LastDay)} ; calculé le {ReportFormat.ParisDateTime(report.ComputedAt)} (heure de Paris).");
        Text(sheet.Cell(KnownAtRow, 1), KnownAtLine(report)).Style.Font.SetBold(report.AsKnownAt is not null);

        for (var c = 0; c < Headers.Count; c++) Text(sheet.Cell(HeaderRow, c + 1), Headers[c]);
        var header = sheet.Range(HeaderRow, 1, HeaderRow, Headers.Count);
        header.Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.LightGray).Alignment.SetWrapText();

        var r = FirstDataRow;
        foreach (var row in table.Rows)
        {
            if (row.Row is { } number && int.TryParse(number, out var n)) sheet.Cell(r, RowColumn).Value = n;
            Text(sheet.Cell(r, LabelColumn), row.Label).Style.Alignment.SetWrapText();
            Number(sheet.Cell(r, NumeratorColumn), row.ShowsCount, row.Numerator);
            Number(sheet.Cell(r, DenominatorColumn), row.ShowsRate, row.Denominator);
            Number(sheet.Cell(r, RateColumn), row.ShowsRate, row.Rate, "0.0%");
            Number(sheet.Cell(r, MeanDelayColumn), row.ShowsMeanDelay, row.MeanDelayDays, "0.0");
            Number(sheet.Cell(r, MedianDelayColumn), row.ShowsMedianDelay, row.MedianDelayDays, "0.0");
            sheet.Cell(r, PendingColumn).Value = row.Pending;
            sheet.Cell(r, ExcludedColumn).Value = row.Excluded;
            Text(sheet.Cell(r, StatusColumn), row.Provisional ? ProvisionalMarker : FinalMarker);
            if (row.ProvisionalReason is { } reason) Text(sheet.Cell(r, ReasonColumn), reason);
            Text(sheet.Cell(r, DefinitionColumn), row.Definition);
            if (row.Provisional) sheet.Range(r, 1, r, Headers.Count).Style.Fill.SetBackgroundColor(XLColor.LightYellow);
            r++;
        }
        sheet.Range(HeaderRow, 1, r - 1, Headers.Count).Style.Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
        sheet.Range(FirstDataRow, 1, r - 1, Headers.Count).Style.Alignment.SetVertical(XLAlignmentVerticalValues.Top);

        r++;
        foreach (var line in Legend) Text(sheet.Cell(r++, 1), line).Style.Font.SetItalic();

        double[] widths = [7, 60, 11, 13, 9, 12, 12, 11, 9, 13, 40, 42];
        for (var c = 0; c < widths.Length; c++) sheet.Column(c + 1).Width = widths[c];
        sheet.SheetView.FreezeRows(HeaderRow);
        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        sheet.PageSetup.FitToPages(1, 0);
    }

    /// <summary>A cell that stays text (ClosedXML would otherwise read "01/06/2025" or "1" as a date or number).</summary>
    private static IXLCell Text(IXLCell cell, string value)
    {
        cell.SetValue(value);
        cell.DataType = XLDataType.Text;
        return cell;
    }

    private static void Number(IXLCell cell, bool shown, decimal? value, string format)
    {
        if (!shown) return;
        if (value is { } v)
        {
            cell.Value = v;
            cell.Style.NumberFormat.Format = format;
        }
        else
        {
            Text(cell, NotComputable).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
        }
    }

    private static void Number(IXLCell cell, bool shown, int? value)
    {
        if (shown && value is { } v) cell.Value = v;
    }
}
