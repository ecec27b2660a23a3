using System.Diagnostics;
using System.Globalization;
using NodaTime;
using Npgsql;
using Parcours.Application.Identity;
using Parcours.EventStore;
using Parcours.Importers;
using Parcours.Importers.Cnaf.Flux;
using Parcours.Importers.Cnaf.Import;
using Parcours.Simulation.Identities;

namespace Parcours.Benchmarks;

public sealed record ImportBenchmarkOptions
{
    /// <summary>Households of the measured flux (each one new: one entry event and one identity each).</summary>
    public int Households { get; init; } = 50_000;

    /// <summary>Size of the flux whose import's peak memory is measured.</summary>
    public int LargeFileMegabytes { get; init; } = 200;

    public string Directory { get; init; } = Path.GetTempPath();
}

/// <summary>
/// <c>parcours bench import</c>: the CAF import of a flux of new households (households/s, events/s) against a raw binary
/// COPY of as many events into a table shaped like the events table, in the same run; then the peak resident memory
/// (VmHWM) of <c>parcours import cnaf</c>, run in its own process as a user would, importing a flux of at least
/// <see cref="ImportBenchmarkOptions.LargeFileMegabytes"/> MB. Also the import's floor: the same households' events and
/// identity rows by raw COPY alone, the best rate any import could reach here.
/// </summary>
public static class ImportBenchmark
{
    private static readonly TenantId Tenant = TenantId.Parse("31");
    private static readonly LocalDate Reference = new(2025, 1, 20);

    public static async Task RunAsync(string connectionString, ImportBenchmarkOptions options, Action<BenchmarkResult> report, CancellationToken ct = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var masterKey = MasterKey.Generate();
        var services = await ImportServices.OpenAsync(dataSource, SystemClock.Instance, masterKey, ct);
        await services.Models.Store.RegisterTenantAsync(Tenant, "Haute-Garonne", ct);
        var raw = await RawEvents.CreateAsync(dataSource, ct);

        var measured = Path.Combine(options.Directory, $"parcours-bench-flux-{Environment.ProcessId}.xml");
        var large = Path.Combine(options.Directory, $"parcours-bench-flux-large-{Environment.ProcessId}.xml");
        try
        {
            Write(measured, 0, options.Households, Reference);
            await raw.CopyAsync(options.Households / 10, ct); // warm-up
            var rawSeconds = await Latency.SecondsAsync(() => raw.CopyAsync(options.Households, ct));
            Console.Error.WriteLine($"raw COPY of {options.Households:N0} events: {rawSeconds:F1} s");
            var rawIdentitySeconds = await IdentityBenchmark.RawCopySecondsAsync(dataSource, options.Households, ct);
            Console.Error.WriteLine($"raw COPY of {options.Households:N0} identity rows: {rawIdentitySeconds:F1} s");

            var result = default(Parcours.Importers.Storage.ImportReport);
            var importSeconds = await Latency.SecondsAsync(async () =>
                result = await services.Cnaf.ImportFileAsync(Tenant, measured, new CafImportOptions(), null, ct));
            if (result is not { Applied: true } || result.EventsAppended != options.Households)
                throw new InvalidOperationException($"The measured import did not apply as expected: {result?.Outcome} {result?.Message}");
            Console.Error.WriteLine($"CAF import of {options.Households:N0} households: {importSeconds:F1} s ("
                + string.Join(", ", ImportTimings.Snapshot().OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value.TotalSeconds:F1} s")) + ")");
            report(new BenchmarkResult("import.cnaf.households", Math.Round(options.Households / importSeconds, 1), "households/s", null, null));
            report(BenchmarkResult.Compared("import.cnaf.events", result.EventsAppended / importSeconds, "events/s", options.Households / rawSeconds));
            // The best any import of these households could do on this server: the two kinds of rows it cannot go without
            // (an event, a sealed identity) at raw COPY speed, and nothing else (no parsing, no stream row, no projection,
            // no encryption). Its ratio bounds what import.cnaf.events can reach here.
            report(BenchmarkResult.Compared("import.cnaf.floor", options.Households / (rawSeconds + rawIdentitySeconds), "events/s", options.Households / rawSeconds));

            var bytesPerHousehold = new FileInfo(measured).Length / (double)options.Households;
            var largeHouseholds = (int)Math.Ceiling(options.LargeFileMegabytes * 1024.0 * 1024.0 / bytesPerHousehold) + 100;
            Write(large, options.Households, largeHouseholds, Reference.PlusMonths(1));
            var megabytes = new FileInfo(large).Length / 1024.0 / 1024.0;
            // What a user runs: `parcours import cnaf FILE` in its own process, against the same database and key.
            var (largeSeconds, peak) = await ImportInChildProcessAsync(connectionString, masterKey, large, ct);
            Console.Error.WriteLine($"CAF import of {largeHouseholds:N0} households ({megabytes:F0} MB), own process: {largeSeconds:F1} s, peak RSS {peak:F0} MB");
            report(new BenchmarkResult($"import.cnaf.file-mb", Math.Round(megabytes, 1), "MB", null, null));
            report(new BenchmarkResult("import.cnaf.peak-rss", Math.Round(peak, 1), "MB", null, null));
        }
        finally
        {
            File.Delete(measured);
            File.Delete(large);
        }
    }

    /// <summary>A flux of <paramref name="count"/> new households (one applicant each, open and payable), matricules from <paramref name="first"/>.</summary>
    private static void Write(string path, int first, int count, LocalDate reference)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new FluxWriter(stream, new FluxHeader("M", "A", reference + new LocalTime(6, 0), reference), "31");
        for (var i = first; i < first + count; i++)
        {
            var matricule = (1_000_000 + i).ToString(CultureInfo.InvariantCulture);
            var nir = Nir.FromBody(string.Create(CultureInfo.InvariantCulture, $"2840731{i % 1_000_000:000000}")).Value;
            writer.Write(new FluxHousehold(0, 0, "CAF", matricule, "31", reference.PlusDays(-20), matricule, RightState.OpenPayable, null, null,
                "31555", null, [new FluxPerson("FICTIVIER", "Zéphyrine", new LocalDate(1984, 7, 2), nir, "2", "DEM", true)]));
        }
    }

    /// <summary>
    /// Runs <c>parcours import cnaf FILE</c> (this same program) as a child process on <paramref name="connectionString"/>
    /// and returns its wall time and peak resident set size in MB: the child's VmHWM, read from /proc every 20 ms until it
    /// exits, and the VmHWM the child prints itself at its end (PARCOURS_IMPORT_TIMINGS), whichever is higher. Its phase
    /// timings are copied to stderr.
    /// </summary>
    private static async Task<(double Seconds, double PeakMegabytes)> ImportInChildProcessAsync(
        string connectionString, MasterKey key, string file, CancellationToken ct)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's path.");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("No entry assembly."));
        foreach (var argument in new[] { "import", "cnaf", file, "--departement", Tenant.Code }) start.ArgumentList.Add(argument);
        start.Environment["PARCOURS_CONNECTION"] = connectionString;
        start.Environment[MasterKeyProvider.Variable] = key.ToBase64();
        start.Environment["PARCOURS_IMPORT_TIMINGS"] = "1";
        // A bench run under a profiler (dotnet-trace sets these) must not leave the child suspended, waiting for it.
        foreach (var variable in new[] { "DOTNET_DiagnosticPorts", "DOTNET_DefaultDiagnosticPortSuspend", "DOTNET_EnableEventPipe" })
            start.Environment.Remove(variable);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the import process.");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) output.Enqueue(line); };
        var reported = 0.0; // the child's own VmHWM, printed at its end (PARCOURS_IMPORT_TIMINGS): catches a peak between two readings
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            Console.Error.WriteLine($"  [import] {line}");
            if (System.Text.RegularExpressions.Regex.Match(line, @"VmHWM:\s*(\d+) kB") is { Success: true } m)
                reported = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 1024.0;
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var peak = 0.0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakResidentMegabytes(process.Id) ?? 0);
            await Task.Delay(20, ct);
        }
        await process.WaitForExitAsync(ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        peak = Math.Max(peak, reported);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"The import process failed (exit code {process.ExitCode}): {string.Join(Environment.NewLine, output.TakeLast(20))}");
        return (seconds, peak);
    }

    /// <summary>VmHWM of a process in MB; null once it has gone.</summary>
    private static double? PeakResidentMegabytes(int pid)
    {
        try
        {
            return ProcessMemory.PeakResidentMegabytes(pid);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
