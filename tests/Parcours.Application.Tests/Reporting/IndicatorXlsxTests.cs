using ClosedXML.Excel;
using NodaTime;
using Parcours.Application.Reporting.Exports;
using Parcours.Domain.Indicators.Catalogue;
using static Parcours.Application.Reporting.Exports.IndicatorXlsx;
using static Parcours.Application.Tests.Reporting.ReportSamples;

namespace Parcours.Application.Tests.Reporting;

public sealed class IndicatorXlsxTests
{
    [Fact]
    public void The_calpae_sheet_holds_rows_1_to_6_then_the_figures_beside_them_with_the_report_s_numbers_and_markers()
    {
        var report = Report(withPleinEmploi: false);
        using var workbook = Open(IndicatorXlsx.Write(report));

        var sheet = workbook.Worksheets.ShouldHaveSingleItem();
        sheet.Name.ShouldBe("CALPAE 2019");
        sheet.Cell(TitleRow, 1).GetString().ShouldBe("Convention CALPAE 2019 — Haute-Garonne (31) — cohorte de juin 2025");
        sheet.Cell(PeriodRow, 1).GetString().ShouldStartWith("Cohorte du 01/06/2025 au 30/06/2025");
        sheet.Cell(KnownAtRow, 1).GetString().ShouldNotContain("Connu au");
        Enumerable.Range(1, Headers.Count).Select(c => sheet.Cell(HeaderRow, c).GetString()).ShouldBe(Headers);

        var rows = report.Tables[0].Rows;
        rows.Count.ShouldBe(BuiltInIndicators.Calpae2019.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var r = FirstDataRow + i;
            if (i < 6) sheet.Cell(r, RowColumn).GetValue<int>().ShouldBe(i + 1);
            else sheet.Cell(r, RowColumn).IsEmpty().ShouldBeTrue();
            sheet.Cell(r, LabelColumn).GetString().ShouldBe(BuiltInIndicators.Calpae2019[i].Label);
            NumberOrBlank(sheet.Cell(r, NumeratorColumn)).ShouldBe(row.Numerator);
            NumberOrBlank(sheet.Cell(r, DenominatorColumn)).ShouldBe(row.Denominator);
            Figure(sheet.Cell(r, RateColumn), row.ShowsRate).ShouldBe(Expected(row.Rate, row.ShowsRate));
            Figure(sheet.Cell(r, MeanDelayColumn), row.ShowsMeanDelay).ShouldBe(Expected(row.MeanDelayDays, row.ShowsMeanDelay));
            sheet.Cell(r, PendingColumn).GetValue<int>().ShouldBe(row.Pending);
            sheet.Cell(r, StatusColumn).GetString().ShouldBe(row.Provisional ? ProvisionalMarker : FinalMarker);
            sheet.Cell(r, DefinitionColumn).GetString().ShouldBe($"{BuiltInIndicators.Calpae2019[i].Id} v1");
        }
        // Rates are real percentages in Excel, not text.
        sheet.Cell(FirstDataRow + 1, RateColumn).Style.NumberFormat.Format.ShouldBe("0.0%");
        sheet.Cell(FirstDataRow + 1, RateColumn).DataType.ShouldBe(XLDataType.Number);
        rows.ShouldContain(r => r.Provisional);
        rows.ShouldContain(r => !r.Provisional);
        rows.ShouldContain(r => r.ShowsRate && r.Rate == null);

        // The legend explains the marker under the table.
        var legend = FirstDataRow + rows.Count + 1;
        sheet.Cell(legend, 1).GetString().ShouldStartWith("* provisoire");
        sheet.Cell(legend + 1, 1).GetString().ShouldStartWith("n.c.");
    }

    [Fact]
    public void The_2025_set_gets_its_own_sheet_and_an_as_known_at_report_says_so_on_every_sheet()
    {
        var knownAt = Instant.FromUtc(2025, 7, 15, 0, 0);
        var report = Report(withPleinEmploi: true, asKnownAt: knownAt);
        using var workbook = Open(IndicatorXlsx.Write(report));

        workbook.Worksheets.Select(s => s.Name).ShouldBe(["CALPAE 2019", "Plein emploi 2025"]);
        foreach (var sheet in workbook.Worksheets)
        {
            sheet.Cell(KnownAtRow, 1).GetString().ShouldStartWith("Connu au 15/07/2025 02:00");
        }
        var plein = workbook.Worksheet("Plein emploi 2025");
        var rows = report.Tables[1].Rows;
        for (var i = 0; i < rows.Count; i++)
        {
            plein.Cell(FirstDataRow + i, LabelColumn).GetString().ShouldBe(BuiltInIndicators.PleinEmploi2025[i].Label);
            plein.Cell(FirstDataRow + i, NumeratorColumn).GetValue<int>().ShouldBe(rows[i].Numerator!.Value);
            plein.Cell(FirstDataRow + i, DenominatorColumn).GetValue<int>().ShouldBe(rows[i].Denominator!.Value);
            plein.Cell(FirstDataRow + i, RateColumn).GetValue<decimal>().ShouldBe(rows[i].Rate!.Value);
            plein.Cell(FirstDataRow + i, StatusColumn).GetString().ShouldBe(rows[i].Provisional ? ProvisionalMarker : FinalMarker);
        }
        plein.Cell(TitleRow, 1).GetString().ShouldContain("juin 2025");
    }

    private static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    private static int? NumberOrBlank(IXLCell cell) => cell.IsEmpty() ? null : cell.GetValue<int>();

    private static string Figure(IXLCell cell, bool shown) =>
        !shown || cell.IsEmpty() ? "" : cell.DataType == XLDataType.Number ? Text(cell.GetValue<decimal>()) : cell.GetString();

    private static string Expected(decimal? value, bool shown) => !shown ? "" : value is { } v ? Text(v) : NotComputable;

    private static string Text(decimal value) => value.ToString("G29", System.Globalization.CultureInfo.InvariantCulture);
}
