using System.CommandLine;
using System.Globalization;
using NodaTime;
using Npgsql;
using Parcours.Application.Hosting;
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
/// database, a synthetic département written as CAF flux files and step CSVs and imported through the importers (each
/// step keeps its recording instant and actor; the inline case summaries follow), every hash chain verified, the indicator projection caught up, and the CALPAE and 2025 tables of
/// the latest complete month read from it. The server is stopped at the end
/// (unless it was already running, or came from PARCOURS_CONNECTION).
/// </summary>
public static class DemoCommand
{
    private const string Database = "parcours_demo";

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
        var filesDir = new Option<string?>("--files") { Description = "Keep the generated CAF flux and step CSVs in this folder (default: a temporary folder, deleted)." };
        var command = new Command("demo", "Generate a synthetic département into a private PostgreSQL and print its indicator tables.")
        {
            profile, seed, stateDir, filesDir,
        };
        command.SetAction(async (parse, ct) =>
        {
            CultureInfo.CurrentCulture = French;
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

            await ProjectAsync(models, tenant, ct);

            // The latest complete month of the simulated data (the simulation ends on its window's last day).
            var lastDay = simulation.Profile.Window.LastDay;
            var month = lastDay.PlusDays(1).Day == 1 ? lastDay.ToYearMonth() : lastDay.ToYearMonth().PlusMonths(-1);
            var today = ParisCalendar.Today(SystemClock.Instance);
            var calpae = await models.Reports.MonthAsync(tenant, BuiltInIndicators.Calpae2019, month, ct);
            var pleinEmploi = await models.Reports.MonthAsync(tenant, BuiltInIndicators.PleinEmploi2025, month, ct);
            PrintTable($"CALPAE 2019 — cohorte {MonthName(month)} (calculé le {today:dd/MM/yyyy})", calpae);
            PrintTable($"Plein emploi 2025 — cohorte {MonthName(month)}", pleinEmploi);
            var queue = await models.WorkQueue.ListAsync(tenant, today, new WorkQueueFilter(WithinDays: 14), ct);
            AnsiConsole.MarkupLineInterpolated($"{simulation.PeopleCount:N0} dossiers, {appended:N0} événements dans la base « {Database} » ; file de travail : {queue.Count:N0} démarches en retard ou à échéance sous 14 jours (500 au plus).");
            return verification.IsIntact ? 0 : 1;
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

    private static async Task ProjectAsync(ReadModels models, TenantId tenant, CancellationToken ct)
    {
        var lag = await models.Daemon.LagAsync(tenant, ct);
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Calcul des indicateurs (projection asynchrone)", maxValue: Math.Max(1, lag.EventsBehind));
                while (await models.Daemon.StepAsync(tenant, ct) is not (DaemonStep.Idle or DaemonStep.Busy))
                {
                    task.Value = lag.EventsBehind - (await models.Daemon.LagAsync(tenant, ct)).EventsBehind;
                }
                task.Value = task.MaxValue;
            });
    }

    private static void PrintTable(string title, IEnumerable<MonthlyFigure> figures)
    {
        var table = new Table().Title(title).AddColumns("Indicateur", "Nombre", "Dénominateur", "Taux", "Délai moyen (j)", "En attente", "Statut");
        foreach (var f in figures)
        {
            var stats = f.Definition.Statistics;
            var n = f.Figures;
            table.AddRow(
                Markup.Escape(f.Definition.Label),
                stats.HasFlag(Statistics.Count) ? n.Numerator.ToString("N0", French) : "",
                stats.HasFlag(Statistics.Rate) ? n.Denominator.ToString("N0", French) : "",
                stats.HasFlag(Statistics.Rate) ? n.Rate is { } r ? r.ToString("P1", French) : "non calculable" : "",
                stats.HasFlag(Statistics.MeanDelay) ? n.MeanDelayDays is { } m ? m.ToString("N1", French) : "non calculable" : "",
                n.Pending.ToString("N0", French),
                n.Provisional ? "provisoire" : "définitif");
        }
        AnsiConsole.Write(table);
    }

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static string MonthName(YearMonth month) =>
        month.ToString("MMMM yyyy", French);
}
