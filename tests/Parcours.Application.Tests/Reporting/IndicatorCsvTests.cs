using System.Globalization;
using System.Text;
using CsvHelper;
using NodaTime;
using NodaTime.Text;
using Parcours.Application.Reporting.Exports;
using static Parcours.Application.Tests.Reporting.ReportSamples;

namespace Parcours.Application.Tests.Reporting;

public sealed class IndicatorCsvTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Fact]
    public void The_csv_opens_in_a_french_excel_bom_semicolons_french_headers_and_reads_back_as_the_figures()
    {
        var report = Report(asKnownAt: Instant.FromUtc(2025, 7, 15, 0, 0));
        var bytes = IndicatorCsv.Write(report);

        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var text = new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Split(';').ShouldBe(["Département", "Nom du département", "Jeu d'indicateurs", "Ligne", "Indicateur", "Définition", "Version",
            "Début de cohorte", "Fin de cohorte", "Numérateur", "Dénominateur", "Taux (%)", "Délai moyen (jours)",
            "Délai médian (jours)", "En attente", "Exclus", "Statut", "Motif provisoire", "Connu au", "Calculé le"]);

        var rows = Read(bytes);
        var expected = report.Tables.SelectMany(t => t.Rows.Select(r => (Table: t, Row: r))).ToList();
        rows.Count.ShouldBe(expected.Count);
        rows.Count.ShouldBe(9 + 2);
        for (var i = 0; i < rows.Count; i++)
        {
            var (table, row) = expected[i];
            var csv = rows[i];
            csv["Département"].ShouldBe("31");
            csv["Jeu d'indicateurs"].ShouldBe(table.Set.Title);
            csv["Indicateur"].ShouldBe(row.Label);
            csv["Définition"].ShouldBe(row.DefinitionId);
            csv["Ligne"].ShouldBe(row.Row ?? "");
            Int(csv["Numérateur"]).ShouldBe(row.Numerator);
            Int(csv["Dénominateur"]).ShouldBe(row.Denominator);
            Dec(csv["Taux (%)"]).ShouldBe(row.Rate is { } r ? Math.Round(r * 100, 2) : null);
            Dec(csv["Délai moyen (jours)"]).ShouldBe(row.MeanDelayDays is { } m ? Math.Round(m, 2, MidpointRounding.AwayFromZero) : null);
            Dec(csv["Délai médian (jours)"]).ShouldBe(row.MedianDelayDays);
            int.Parse(csv["En attente"], CultureInfo.InvariantCulture).ShouldBe(row.Pending);
            csv["Statut"].ShouldBe(row.Provisional ? "provisoire" : "définitif");
            Date(csv["Début de cohorte"]).ShouldBe(new LocalDate(2025, 6, 1));
            Date(csv["Fin de cohorte"]).ShouldBe(new LocalDate(2025, 6, 30));
            csv["Connu au"].ShouldBe("15/07/2025 02:00"); // midnight UTC is 02:00 in Paris in summer
            csv["Calculé le"].ShouldBe("10/09/2025 10:30");
        }

        // The CALPAE rows 1 to 6 are numbered, the figures beside them are not.
        rows.Take(6).Select(r => r["Ligne"]).ShouldBe(["1", "2", "3", "4", "5", "6"]);
        rows.Skip(6).Take(3).ShouldAllBe(r => r["Ligne"] == "");
        // Decimal comma, never a point; a rate of a zero denominator is an empty cell, not 0.
        rows.Where(r => r["Taux (%)"] != "").ShouldAllBe(r => r["Taux (%)"].Contains(',') && !r["Taux (%)"].Contains('.'));
        rows.ShouldContain(r => r["Dénominateur"] == "0" && r["Taux (%)"] == "");
        rows.Count(r => r["Statut"] == "provisoire").ShouldBeGreaterThan(0);
        rows.Count(r => r["Statut"] == "définitif").ShouldBeGreaterThan(0);
        rows.Where(r => r["Statut"] == "provisoire").ShouldAllBe(r => r["Motif provisoire"].Contains("délai court encore"));
    }

    [Fact]
    public void A_month_not_over_when_computed_makes_every_row_provisional_and_without_as_known_at_the_column_is_empty()
    {
        var report = Report(withPleinEmploi: false, computedAt: Instant.FromUtc(2025, 6, 20, 12, 0));
        var rows = Read(IndicatorCsv.Write(report));

        rows.Count.ShouldBe(9);
        rows.ShouldAllBe(r => r["Statut"] == "provisoire" && r["Motif provisoire"].Contains("mois de cohorte non terminé"));
        rows.ShouldAllBe(r => r["Connu au"] == "");
    }

    [Fact]
    public void A_label_that_would_run_as_a_formula_in_excel_is_escaped()
    {
        var report = Report(withPleinEmploi: false);
        var table = report.Tables[0];
        var hostile = report with { Tables = [table with { Rows = [table.Rows[0] with { Label = "=HYPERLINK(\"http://x\")" }] }] };

        Read(IndicatorCsv.Write(hostile)).ShouldHaveSingleItem()["Indicateur"].ShouldStartWith("'=");
    }

    private static List<Dictionary<string, string>> Read(byte[] bytes)
    {
        using var reader = CsvReader.Create(bytes, CsvReaderOptions.Default with { Separator = ';' });
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var fields = new Dictionary<string, string>();
            for (var i = 0; i < reader.Headers.Count; i++) fields[reader.Headers[i]] = row.GetString(i) ?? "";
            rows.Add(fields);
        }
        return rows;
    }

    private static int? Int(string cell) => cell.Length == 0 ? null : int.Parse(cell, CultureInfo.InvariantCulture);

    private static decimal? Dec(string cell) => cell.Length == 0 ? null : decimal.Parse(cell, NumberStyles.Number, French);

    private static LocalDate Date(string cell) => LocalDatePattern.Create("dd/MM/uuuu", CultureInfo.InvariantCulture).Parse(cell).Value;
}
