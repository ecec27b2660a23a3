using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using NodaTime;
using Parcours.Application.Reporting;
using Parcours.Application.Reporting.Exports;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using static Parcours.Cli.Tests.SmallDepartement;

namespace Parcours.Cli.Tests;

/// <summary><c>parcours report</c> end to end on PostgreSQL: its files hold what the engine computes from the log.</summary>
public sealed class ReportCommandTests(SmallDepartement db) : IClassFixture<SmallDepartement>, IDisposable
{
    private static readonly YearMonth March2025 = new(2025, 3);
    private readonly string folder = Directory.CreateTempSubdirectory("parcours-report-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_csv_of_a_month_as_known_now_equals_the_engine_over_every_recorded_event()
    {
        var file = Path.Combine(folder, "mars.csv");

        var run = await Cli.RunAsync(db.ConnectionString, "report", "--tenant", "31", "--month", "2025-03", "--set", "all", "--format", "csv", "--out", file);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldContain("Rapport écrit");
        var expected = await EngineAsync(BuiltInIndicators.All, asOf: ParisCalendar.Today(SystemClock.Instance), knownAt: null);
        var bytes = await File.ReadAllBytesAsync(file);
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        using var reader = CsvReader.Create(bytes, CsvReaderOptions.Default with { Separator = ';' });
        var checkedRows = 0;
        foreach (var row in reader)
        {
            var id = row["Définition"].ToString();
            var figures = expected[id];
            row["Indicateur"].ToString().ShouldBe(BuiltInIndicators.All.Single(d => d.Id == id).Label);
            row["Début de cohorte"].ToString().ShouldBe("01/03/2025");
            if (row["Numérateur"].ToString() is { Length: > 0 } numerator) int.Parse(numerator, CultureInfo.InvariantCulture).ShouldBe(figures.Numerator, id);
            if (row["Dénominateur"].ToString() is { Length: > 0 } denominator) int.Parse(denominator, CultureInfo.InvariantCulture).ShouldBe(figures.Denominator, id);
            if (row["Taux (%)"].ToString() is { Length: > 0 } rate)
                decimal.Parse(rate, NumberStyles.Number, ReportFormat.French).ShouldBe(Math.Round(figures.Rate!.Value * 100, 2), id);
            checkedRows++;
        }
        checkedRows.ShouldBe(BuiltInIndicators.All.Count);
        expected[CalpaeRow1NewEntrants.Id].Numerator.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_xlsx_as_known_at_an_instant_counts_only_what_was_recorded_before_it()
    {
        var file = Path.Combine(folder, "calpae.xlsx");
        var knownAt = Instant.FromUtc(2025, 4, 15, 0, 0);

        var run = await Cli.RunAsync(db.ConnectionString,
            "report", "--tenant", "31", "--month", "2025-03", "--set", "calpae-2019", "--format", "xlsx", "--as-known-at", "2025-04-15T00:00:00Z", "--out", file);

        run.ExitCode.ShouldBe(0, run.Error);
        var then = await EngineAsync(BuiltInIndicators.Calpae2019, ParisCalendar.DateOf(knownAt), knownAt);
        var now = await EngineAsync(BuiltInIndicators.Calpae2019, ParisCalendar.Today(SystemClock.Instance), null);
        then.ShouldNotBe(now); // late recordings: what was known on 15 April is not what is known now
        using var workbook = new XLWorkbook(file);
        var sheet = workbook.Worksheets.ShouldHaveSingleItem();
        sheet.Cell(IndicatorXlsx.KnownAtRow, 1).GetString().ShouldStartWith("Connu au 15/04/2025 02:00");
        sheet.Cell(IndicatorXlsx.TitleRow, 1).GetString().ShouldContain("Haute-Garonne (31) — cohorte de mars 2025");
        for (var i = 0; i < BuiltInIndicators.Calpae2019.Count; i++)
        {
            var definition = BuiltInIndicators.Calpae2019[i];
            var figures = then[definition.Id];
            var r = IndicatorXlsx.FirstDataRow + i;
            sheet.Cell(r, IndicatorXlsx.LabelColumn).GetString().ShouldBe(definition.Label);
            if (!sheet.Cell(r, IndicatorXlsx.NumeratorColumn).IsEmpty())
                sheet.Cell(r, IndicatorXlsx.NumeratorColumn).GetValue<int>().ShouldBe(figures.Numerator, definition.Id);
            sheet.Cell(r, IndicatorXlsx.PendingColumn).GetValue<int>().ShouldBe(figures.Pending, definition.Id);
            sheet.Cell(r, IndicatorXlsx.StatusColumn).GetString()
                .ShouldBe(figures.Provisional ? IndicatorXlsx.ProvisionalMarker : IndicatorXlsx.FinalMarker, definition.Id);
        }
        // Mid-April, the March cohort's one-month and two-month windows are still open.
        then[CalpaeRow6ContractDelay.Id].Provisional.ShouldBeTrue();
    }

    [Fact]
    public async Task The_table_format_prints_each_set_with_its_figures()
    {
        var run = await Cli.RunAsync(db.ConnectionString, "report", "--tenant", "31", "--month", "2025-03", "--set", "plein-emploi-2025");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldContain("Loi pour le plein emploi (délais 2025) — Haute-Garonne (31) — cohorte de mars 2025");
        run.Output.ShouldContain(PleinEmploiOrientationDelay.Definition.Label);
        run.Output.ShouldNotContain(CalpaeRow1NewEntrants.Definition.Label);
    }

    [Theory]
    [InlineData("--month", "2025-13", "--month")]
    [InlineData("--tenant", "20", "--tenant")]
    [InlineData("--tenant", "32", "n'est pas enregistré")]
    [InlineData("--as-known-at", "2025-04-15", "--as-known-at")]
    [InlineData("--as-known-at", "2999-01-01T00:00:00Z", "futur")]
    [InlineData("--database", "nope_not_here", "n'existe pas")]
    public async Task A_bad_argument_is_a_french_message_and_a_non_zero_exit(string option, string value, string message)
    {
        var args = new Dictionary<string, string> { ["--tenant"] = "31", ["--month"] = "2025-03", ["--format"] = "json", ["--out"] = Path.Combine(folder, "x.json") };
        args[option] = value;

        var run = await Cli.RunAsync(db.ConnectionString, ["report", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain(message);
        File.Exists(Path.Combine(folder, "x.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task An_unknown_set_or_format_is_refused_by_the_parser()
    {
        (await Cli.RunAsync(db.ConnectionString, "report", "--tenant", "31", "--month", "2025-03", "--set", "calpae")).ExitCode.ShouldNotBe(0);
        (await Cli.RunAsync(db.ConnectionString, "report", "--tenant", "31", "--month", "2025-03", "--format", "pdf")).ExitCode.ShouldNotBe(0);
    }

    /// <summary>The overall figures of the month computed from scratch by the engine over the store's histories.</summary>
    private async Task<Dictionary<string, CohortFigures>> EngineAsync(
        IReadOnlyList<Domain.Indicators.IndicatorDefinition> definitions, LocalDate asOf, Instant? knownAt)
    {
        var models = await db.OpenAsync();
        var histories = await TenantHistories.ReadAsync(models.Store, HauteGaronne);
        return MonthlyFigures.For(MonthlyFigures.Aggregate(definitions, histories, asOf, knownAt), March2025)
            .ToDictionary(f => f.Definition.Id, f => f.Figures);
    }
}
