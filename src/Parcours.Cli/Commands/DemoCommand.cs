using System.CommandLine;
using System.Globalization;
using NodaTime;
using Npgsql;
using Parcours.Application.Hosting;
using Parcours.Application.Reporting.Exports;
using Parcours.Application.Identity;
using Parcours.Importers;
using Parcours.Importers.Cnaf.Import;
using Parcours.Importers.Steps;
using Parcours.Importers.Storage;
using Parcours.Application.Reporting;
using Parcours.Domain.Pathways;
using Parcours.Projections;
using Parcours.Projections.Indicators;
using Parcours.Projections.WorkQueue;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Parcours.Simulation;
using Parcours.Simulation.Profiles;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours demo</c>, the README's main command: a private PostgreSQL, the event store in a fresh <c>parcours_demo</c>
/// database, a synthetic département written as CAF flux files and step CSVs and imported through the importers (each
/// step keeps its recording instant and actor; the inline case summaries follow), every hash chain verified, the indicator projection caught up, and the CALPAE and 2025 tables of
/// the latest complete month read from it. Then, unless <c>--no-serve</c>, the HTTP server (pages and API) serves the
/// demo's database with one fresh API token per role, printed, until Ctrl+C. The private PostgreSQL is stopped at the
/// end (unless it was already running, or came from PARCOURS_CONNECTION).
/// </summary>
public static class DemoCommand
{
    private const string Database = "parcours_demo";

    public static Command Create()
    {
        var profile = new Option<string>("--profile")
        {
            Description = $"Synthetic département: {string.Join(", ", SimulationProfiles.Names)}.",
            // The small département by default, for a first run in well under a minute; Haute-Garonne's 36 months take
            // about 2.5 minutes to import on this kind of machine, 5 to 6 for the whole demo (docs/performance.md).
            DefaultValueFactory = _ => SimulationProfiles.Small.Name,
        };
        profile.AcceptOnlyFromAmong([.. SimulationProfiles.Names]);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generator (same seed, same département).", DefaultValueFactory = _ => 2025 };
        var stateDir = new Option<string?>("--state-dir") { Description = "Folder of the private cluster. Default: " + DefaultLocations.StateDirectory() };
        var outputDir = new Option<string>("--output-dir")
        {
            Description = "Folder where the latest month's CSV and XLSX reports are written.",
            DefaultValueFactory = _ => DefaultOutputDirectory,
        };
        var filesDir = new Option<string?>("--files") { Description = "Keep the generated CAF flux and step CSVs in this folder (default: a temporary folder, deleted)." };
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses the server listens on once the demo is loaded, separated by ';'.",
            DefaultValueFactory = _ => ServeCommand.DefaultUrls,
        };
        var noServe = new Option<bool>("--no-serve") { Description = "Stop after the reports instead of serving the demo's pages and API." };
        var command = new Command("demo", "Generate a synthetic département as CAF flux and step CSV files, import them into a private PostgreSQL, print its indicator tables, write them as CSV and XLSX, then serve its pages and API with one token per role until Ctrl+C.")
        {
            profile, seed, stateDir, outputDir, filesDir, urls, noServe,
        };
        command.SetAction(async (parse, ct) =>
        {
            CultureInfo.CurrentCulture = ReportFormat.French;
            var simulation = new DepartementSimulation(SimulationProfiles.ByName(parse.GetValue(profile)!), parse.GetValue(seed));
            await using var server = await DatabaseConnection.ResolveAsync(
                DatabaseConnection.ApplicationVariable,
                EmbeddedPostgresOptions.Persistent(parse.GetValue(stateDir)) with { Log = line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]") },
                ct);
            var connection = await DatabaseAdmin.RecreateAsync(server.ConnectionString, Database, ct);
            await using var dataSource = NpgsqlDataSource.Create(connection);
            var key = MasterKeyProvider.Resolve(server.Embedded is null ? null : parse.GetValue(stateDir) ?? DefaultLocations.StateDirectory());
            var services = await ImportServices.OpenAsync(dataSource, SystemClock.Instance, key, ct);
            var models = services.Models;
            var store = models.Store;
            var tenant = TenantId.Parse(simulation.Profile.Tenant);
            await store.RegisterTenantAsync(tenant, simulation.Profile.Name, ct);

            var appended = await LoadThroughFilesAsync(services, tenant, simulation, parse.GetValue(filesDir), ct);
            var verification = await store.VerifyAsync(tenant, cancellationToken: ct);
            AnsiConsole.MarkupLine(
                $"Chaînes d'empreintes : {verification.StreamsChecked:N0} dossiers, {verification.EventsChecked:N0} événements, "
                + (verification.IsIntact ? "[green]intactes[/]." : $"[red]{verification.BrokenStreams.Count:N0} rompues[/]."));

            await ConsoleReport.CatchUpAsync(AnsiConsole.Console, models, tenant, ct);

            // The latest complete month of the simulated data (the simulation ends on its window's last day).
            var lastDay = simulation.Profile.Window.LastDay;
            var month = lastDay.PlusDays(1).Day == 1 ? lastDay.ToYearMonth() : lastDay.ToYearMonth().PlusMonths(-1);
            var today = ParisCalendar.Today(SystemClock.Instance);
            var report = await new MonthlyReportQuery(dataSource, models)
                .BuildAsync(tenant, month, [DefinitionSet.Calpae2019, DefinitionSet.PleinEmploi2025], null, SystemClock.Instance.GetCurrentInstant(), ct);
            ConsoleReport.Write(AnsiConsole.Console, report);
            var written = WriteReports(parse.GetValue(outputDir)!, report);
            AnsiConsole.MarkupLineInterpolated($"Rapports de {ReportFormat.MonthName(month)} : [bold]{written.Csv}[/] et [bold]{written.Xlsx}[/]");
            var queue = await models.WorkQueue.ListAsync(tenant, today, new WorkQueueFilter(WithinDays: 14), ct);
            AnsiConsole.MarkupLineInterpolated($"{simulation.PeopleCount:N0} dossiers, {appended:N0} événements dans la base « {Database} » ; file de travail : {queue.Count:N0} démarches en retard ou à échéance sous 14 jours (500 au plus).");
            if (!verification.IsIntact) return 1;
            if (!parse.GetValue(noServe)) await DemoServer.ServeAsync(dataSource, connection, key, tenant, parse.GetValue(urls)!, ct);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The département goes in through the same doors as real data: generated as monthly CAF flux and step CSVs, then
    /// imported month after month (each flux, then the steps recorded after it), archived flux replayed at their dates.
    /// </summary>
    private static async Task<long> LoadThroughFilesAsync(
        ImportServices services, TenantId tenant, DepartementSimulation simulation, string? directory, CancellationToken ct)
    {
        var temporary = directory is null;
        directory ??= Path.Combine(Path.GetTempPath(), $"parcours-demo-{Environment.ProcessId}");
        try
        {
            var files = GenerateCommand.Write(simulation, directory);
            var caf = new CafImportOptions(ReplayHistory: true, Territories: CommuneTerritories.Read(files.Communes));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var reports = await ImportRunner.GeneratedAsync(services, tenant, files, caf, new StepImportOptions(ValidRowsOnly: true), ct);
            AnsiConsole.MarkupLineInterpolated($"Import : {ImportReportPrinter.Summary(reports)}, en {clock.Elapsed.TotalSeconds:N0} s.");
            foreach (var report in reports.Where(r => r.Outcome == ImportOutcome.Refused || r.Rejections.Count > 0).Take(3))
                ImportReportPrinter.Print(report);
            return reports.Sum(r => r.EventsAppended);
        }
        finally
        {
            if (temporary && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Each generated step keeps who recorded it and when: the store takes them as per-event metadata.</summary>
    public static StreamAppend ToStreamAppend(SyntheticPerson person) =>
        new(new StreamId(person.CaseId.Value), "pathway", ExpectedVersion.NoStream, [.. person.Events.Select(e => (object)e.Event)])
        {
            EventMetadata = [.. person.Events.Select(e => new EventMetadata(e.RecordedBy, RecordedAtOverride: e.RecordedAt))],
        };

    public const string DefaultOutputDirectory = "parcours-demo-output";

    /// <summary>Writes the report as CSV and XLSX into <paramref name="directory"/> (created if needed); returns their full paths.</summary>
    public static (string Csv, string Xlsx) WriteReports(string directory, IndicatorReport report)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(Path.GetFullPath(directory), $"indicateurs-{report.Tenant}-{report.Month:yyyy-MM}");
        File.WriteAllBytes(stem + ".csv", IndicatorCsv.Write(report));
        File.WriteAllBytes(stem + ".xlsx", IndicatorXlsx.Write(report));
        return (stem + ".csv", stem + ".xlsx");
    }
}
