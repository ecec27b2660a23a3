using System.CommandLine;
using Parcours.Application.Identity;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Parcours.Importers;
using Parcours.Importers.Cnaf.Import;
using Parcours.Importers.Generation;
using Parcours.Importers.Steps;
using Parcours.Importers.Storage;
using Parcours.Server.Hosting;
using Spectre.Console;
using Npgsql;
using NodaTime;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours import cnaf FILE…</c> and <c>parcours import steps FILE</c>: into the application database (PARCOURS_CONNECTION,
/// or the <c>parcours</c> database of the private PostgreSQL), with a progress bar per file, a printed report per file
/// (kept in <c>parcours_import</c>), and a non-zero exit when a file is refused or rows are rejected.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var import = new Command("import", "Import data: CAF/MSA flux (cnaf) or steps exported from other software (steps).");
        import.Add(Cnaf());
        import.Add(Steps());
        return import;
    }

    private static Option<string> Departement() => new("--departement")
    {
        Description = "Code of the département (tenant) the data belongs to.",
        DefaultValueFactory = _ => "31",
    };

    private static Option<string?> StateDir() => new("--state-dir")
    {
        Description = "Folder of the private cluster (when PARCOURS_CONNECTION is unset). Default: " + DefaultLocations.StateDirectory(),
    };

    private static Command Cnaf()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Flux files (vrsb0801, windows-1252), imported in the order given.", Arity = ArgumentArity.OneOrMore };
        var departement = Departement();
        var stateDir = StateDir();
        var replay = new Option<bool>("--historique")
        {
            Description = "Archived files: record each change at the file's creation date and time (DTCREAFLUX, HEUCREAFLUX) instead of now.",
        };
        var communes = new Option<FileInfo?>("--communes")
        {
            Description = "CSV code_commune;territoire: the territory of each commune (the entry's breakdown key).",
        };
        var command = new Command("cnaf", "Import CAF/MSA flux bénéficiaires RSA: derive entries, suspensions, resumptions, closures and re-entries.")
        {
            files, departement, stateDir, replay, communes,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var memory = ImportMemory.Bound();
            await using var session = await ImportSession.OpenAsync(parse.GetValue(departement)!, parse.GetValue(stateDir), ct);
            var options = new CafImportOptions(
                ReplayHistory: parse.GetValue(replay),
                Territories: parse.GetValue(communes) is { } map ? CommuneTerritories.Read(map.FullName) : null);
            var reports = await ImportRunner.CnafAsync(session.Services, session.Tenant, [.. parse.GetValue(files)!.Select(f => f.FullName)], options, ct);
            foreach (var report in reports) ImportReportPrinter.Print(report);
            return reports.All(r => r.Outcome is ImportOutcome.Applied or ImportOutcome.AlreadyImported) ? 0 : 1;
        });
        return command;
    }

    private static Command Steps()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Steps CSV: semicolon, UTF-8, French headers (docs/imports.md)." };
        var departement = Departement();
        var stateDir = StateDir();
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and print the report; write nothing." };
        var validOnly = new Option<bool>("--valid-rows-only") { Description = "Apply the valid rows even when others are rejected (default: all or nothing)." };
        var command = new Command("steps", "Import orientations, appointments, contracts... exported from other software (CSV).")
        {
            file, departement, stateDir, dryRun, validOnly,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await ImportSession.OpenAsync(parse.GetValue(departement)!, parse.GetValue(stateDir), ct);
            var options = new StepImportOptions(DryRun: parse.GetValue(dryRun), ValidRowsOnly: parse.GetValue(validOnly));
            var reports = await ImportRunner.StepsAsync(session.Services, session.Tenant, [parse.GetValue(file)!.FullName], options, ct);
            foreach (var report in reports) ImportReportPrinter.Print(report);
            return reports.All(r => r.Outcome is ImportOutcome.Applied or ImportOutcome.AlreadyImported or ImportOutcome.DryRun && r.Rejections.Count == 0)
                ? 0 : 1;
        });
        return command;
    }

    /// <summary>The application database, its master key, and the importers wired on it.</summary>
    private sealed class ImportSession : IAsyncDisposable
    {
        private ApplicationDatabase _database = null!;
        private NpgsqlDataSource _dataSource = null!;

        public ImportServices Services { get; private set; } = null!;
        public TenantId Tenant { get; private set; }

        public static async Task<ImportSession> OpenAsync(string departement, string? stateDir, CancellationToken ct)
        {
            var session = new ImportSession { Tenant = TenantId.Parse(departement) };
            session._database = await ApplicationDatabase.ResolveAsync(stateDir, line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"), ct);
            var embedded = Environment.GetEnvironmentVariable(DatabaseConnection.ApplicationVariable) is null;
            var key = MasterKeyProvider.Resolve(embedded ? stateDir ?? DefaultLocations.StateDirectory() : null);
            session._dataSource = NpgsqlDataSource.Create(session._database.ConnectionString);
            session.Services = await ImportServices.OpenAsync(session._dataSource, SystemClock.Instance, key, ct);
            await session.Services.Models.Store.RegisterTenantAsync(session.Tenant, $"Département {departement}", ct);
            return session;
        }

        public async ValueTask DisposeAsync()
        {
            await _dataSource.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}

/// <summary>
/// Keeps the young generation of <c>parcours import cnaf</c> small. The CAF import holds at most one batch of households
/// whatever the file's size (about 15 MB live on a 60 MB flux), but the GC sizes its gen0 budget from the processor's
/// cache (on a Xeon with 300 MB of L3, about 60 MB between collections), and the memory it commits for that budget is
/// most of the process's resident set. The runtime's knob for it (DOTNET_GCgen0size) is an environment variable only, and
/// a heap hard limit in the runtimeconfig would bind every verb, the server included (setting one at run time with
/// GC.RefreshMemoryLimit was measured: it does not change the gen0 budget); so this verb paces the young generations
/// itself: a timer collects gen0 and gen1 whenever <see cref="YoungBytes"/> have been allocated since the last collection.
/// Such a collection costs about a millisecond (little of a batch survives it). Other verbs keep the runtime's defaults.
/// </summary>
public sealed class ImportMemory : IDisposable
{
    public const long YoungBytes = 8L * 1024 * 1024;
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    private readonly Timer _timer;
    private long _allocatedAtLastCollection = GC.GetTotalAllocatedBytes();
    private int _collections = GC.CollectionCount(0);

    private ImportMemory() => _timer = new Timer(_ => Pace(), null, Period, Period);

    /// <summary>Starts pacing (until disposed), unless the user chose a gen0 size for the runtime.</summary>
    public static IDisposable? Bound() =>
        Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is null ? new ImportMemory() : null;

    private void Pace()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var collections = GC.CollectionCount(0);
        if (collections != _collections) // the runtime collected by itself
        {
            (_collections, _allocatedAtLastCollection) = (collections, allocated);
        }
        else if (allocated - _allocatedAtLastCollection > YoungBytes)
        {
            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            (_collections, _allocatedAtLastCollection) = (GC.CollectionCount(0), allocated);
        }
    }

    public void Dispose() => _timer.Dispose();
}

/// <summary>Runs imports file after file with a progress bar each (shared by <c>import</c> and <c>demo</c>).</summary>
public static class ImportRunner
{
    public static Task<IReadOnlyList<ImportReport>> CnafAsync(
        ImportServices services, TenantId tenant, IReadOnlyList<string> files, CafImportOptions options, CancellationToken ct) =>
        RunAsync(files, "Flux CAF", (file, progress) => services.Cnaf.ImportFileAsync(tenant, file, options, progress, ct));

    public static Task<IReadOnlyList<ImportReport>> StepsAsync(
        ImportServices services, TenantId tenant, IReadOnlyList<string> files, StepImportOptions options, CancellationToken ct) =>
        RunAsync(files, "Étapes", (file, progress) => services.Steps.ImportFileAsync(tenant, file, options, progress, ct));

    /// <summary>The generated files in their import order (flux and steps interleaved), under one progress bar.</summary>
    public static async Task<IReadOnlyList<ImportReport>> GeneratedAsync(
        ImportServices services, TenantId tenant, GeneratedFiles files, CafImportOptions caf, StepImportOptions steps, CancellationToken ct)
    {
        var byPath = files.Imports.ToDictionary(f => f.Path, f => f.Kind);
        return await RunAsync([.. files.Imports.Select(f => f.Path)], "Import des flux CAF et des étapes", (file, progress) =>
            byPath[file] == GeneratedKind.Flux
                ? services.Cnaf.ImportFileAsync(tenant, file, caf, progress, ct)
                : services.Steps.ImportFileAsync(tenant, file, steps, progress, ct));
    }

    private static async Task<IReadOnlyList<ImportReport>> RunAsync(
        IReadOnlyList<string> files, string what, Func<string, Action<long>, Task<ImportReport>> import)
    {
        var reports = new List<ImportReport>();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var total = progress.AddTask($"{what} : {files.Count} fichier(s)", maxValue: files.Sum(f => new FileInfo(f).Length));
                long done = 0;
                foreach (var file in files)
                {
                    var report = await import(file, bytes => total.Value = done + bytes);
                    done += new FileInfo(file).Length;
                    total.Value = done;
                    reports.Add(report);
                }
            });
        if (Environment.GetEnvironmentVariable("PARCOURS_IMPORT_TIMINGS") == "1")
        {
            foreach (var (phase, time) in ImportTimings.Snapshot().OrderBy(p => p.Key))
                Console.Error.WriteLine($"{phase}: {time.TotalSeconds:F1} s");
            var gc = GC.GetGCMemoryInfo(GCKind.Any);
            var status = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:") || l.StartsWith("VmRSS:")) : [];
            Console.Error.WriteLine($"memory: {string.Join(", ", status.Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))))}, "
                + $"GC heap {gc.HeapSizeBytes / 1048576.0:F0} MB (committed {gc.TotalCommittedBytes / 1048576.0:F0} MB, peak of the last GC's "
                + $"{gc.Generation} generation), allocated in all {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MB, {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} GCs");
        }
        return reports;
    }
}

/// <summary>An import's report as the console shows it (French).</summary>
public static class ImportReportPrinter
{
    private const int ShownRejections = 50;

    public static void Print(ImportReport report)
    {
        var outcome = report.Outcome switch
        {
            ImportOutcome.Applied => "[green]importé[/]",
            ImportOutcome.DryRun => "[yellow]essai à blanc[/]",
            ImportOutcome.AlreadyImported => "[grey]déjà importé[/]",
            _ => "[red]refusé[/]",
        };
        var date = report.ReferenceDate is { } d ? $" du {d:dd/MM/yyyy}" : "";
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.FileName)}[/]{date} : {outcome}, {report.EventsAppended:N0} événement(s), {report.Rejections.Count:N0} rejet(s).");
        if (report.Message is { } message) AnsiConsole.MarkupLineInterpolated($"  {message}");
        if (report.Counts.Count > 0)
        {
            var table = new Table().AddColumns("Changement", "Nombre").HideHeaders();
            foreach (var (label, count) in report.Counts) table.AddRow(Markup.Escape(label), count.ToString("N0"));
            AnsiConsole.Write(table);
        }
        foreach (var rejection in report.Rejections.Take(ShownRejections)) AnsiConsole.MarkupLineInterpolated($"  [red]{rejection}[/]");
        if (report.Rejections.Count > ShownRejections)
            AnsiConsole.MarkupLine($"  … et {report.Rejections.Count - ShownRejections:N0} autre(s) (table parcours_import.rejections).");
    }

    /// <summary>A one-line summary, for imports of many files.</summary>
    public static string Summary(IReadOnlyList<ImportReport> reports) =>
        $"{reports.Count(r => r.Applied):N0} fichier(s) importé(s), {reports.Sum(r => r.EventsAppended):N0} événement(s), "
        + $"{reports.Sum(r => r.Rejections.Count):N0} rejet(s), {reports.Count(r => r.Outcome == ImportOutcome.Refused):N0} refusé(s)";
}
