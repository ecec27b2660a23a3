using System.CommandLine;
using System.Globalization;
using NodaTime;
using Npgsql;
using Parcours.Application.Hosting;
using Parcours.Application.Reporting.Exports;
using Parcours.Domain.Pathways;
using Parcours.Projections;
using Parcours.Projections.Indicators;
using Parcours.Projections.WorkQueue;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Parcours.Simulation;
using Parcours.Simulation.Profiles;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours demo</c>, the README's main command: a private PostgreSQL, the event store in a fresh <c>parcours_demo</c>
/// database, a synthetic département appended with each step's own recording instant and actor (the inline case
/// summaries follow), every hash chain verified, the indicator projection caught up, and the CALPAE and 2025 tables of
/// the latest complete month read from it. The server is stopped at the end
/// (unless it was already running, or came from PARCOURS_CONNECTION).
/// </summary>
public static class DemoCommand
{
    private const string Database = "parcours_demo";
    private const int PeoplePerAppend = 1_000;

    public static Command Create()
    {
        var profile = new Option<string>("--profile")
        {
            Description = $"Synthetic département: {string.Join(", ", SimulationProfiles.Names)}.",
            DefaultValueFactory = _ => SimulationProfiles.HauteGaronne.Name,
        };
        profile.AcceptOnlyFromAmong([.. SimulationProfiles.Names]);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generator (same seed, same département).", DefaultValueFactory = _ => 2025 };
        var stateDir = new Option<string?>("--state-dir") { Description = "Folder of the private cluster. Default: " + DefaultLocations.StateDirectory() };
        var outputDir = new Option<string>("--output-dir")
        {
            Description = "Folder where the latest month's CSV and XLSX reports are written.",
            DefaultValueFactory = _ => DefaultOutputDirectory,
        };
        var command = new Command("demo", "Generate a synthetic département into a private PostgreSQL, print its indicator tables and write them as CSV and XLSX.")
        {
            profile, seed, stateDir, outputDir,
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
            var models = await ReadModels.OpenAsync(dataSource, SystemClock.Instance, ct: ct);
            var store = models.Store;
            var tenant = TenantId.Parse(simulation.Profile.Tenant);
            await store.RegisterTenantAsync(tenant, simulation.Profile.Name, ct);

            var appended = await AppendAsync(store, tenant, simulation, ct);
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
            return verification.IsIntact ? 0 : 1;
        });
        return command;
    }

    private static async Task<long> AppendAsync(EventStore.EventStore store, TenantId tenant, DepartementSimulation simulation, CancellationToken ct)
    {
        long events = 0;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Génération et enregistrement de {simulation.PeopleCount:N0} dossiers", maxValue: simulation.PeopleCount);
                foreach (var chunk in simulation.People().Chunk(PeoplePerAppend))
                {
                    var streams = chunk.Where(p => p.Events.Count > 0).Select(ToStreamAppend).ToList();
                    var result = await store.AppendBulkAsync(tenant, streams, new EventMetadata("demo"), ct);
                    events += result.EventCount;
                    task.Increment(chunk.Length);
                }
            });
        return events;
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
