using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;

namespace Parcours.Benchmarks;

/// <summary>
/// The HTTP step command end to end, behind <c>parcours bench http</c>: a real server process on loopback, a real
/// manager token, N concurrent clients, each command a new step (an orientation appointment, with its own
/// <c>Idempotency-Key</c>) on a random case among those created at set-up. Compared, in alternating rounds, with a raw
/// single-row INSERT (autocommit) at the same concurrency. Reports commands/s, the ratio, p50/p99 latency and the
/// server's peak resident memory.
/// </summary>
public static class HttpCommandBenchmark
{
    public static async Task RunAsync(
        string connectionString, HttpServerUnderTest server, HttpBenchmarkOptions options, Action<BenchmarkResult> report,
        Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = options.Clients * 2 + 2 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var raw = await RawEvents.CreateAsync(dataSource, cancellationToken);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.ManagerToken);

        progress?.Invoke($"Creating {options.Cases} cases through the API...");
        var cases = await CreateCasesAsync(http, server.Tenant, options, cancellationToken);
        // Statistics for the tables the set-up has just filled, as autovacuum would have them on a server in service (its
        // first analyze may come a minute later): otherwise the server's prepared statements keep generic plans made
        // when those tables were nearly empty (a sequential scan of case_deadlines for every command).
        await using (var analyze = dataSource.CreateCommand("ANALYZE")) await analyze.ExecuteNonQueryAsync(cancellationToken);
        var clients = Enumerable.Range(0, options.Clients).Select(i => new StepClient(http, server.Tenant, cases, seed: i)).ToArray();
        var commandClients = clients.Select(c => (Func<Task>)c.SendAsync).ToArray();
        var rawClients = Enumerable.Range(0, options.Clients).Select(_ => (Func<Task>)(() => raw.InsertOneAsync(cancellationToken))).ToArray();

        progress?.Invoke("Warming up...");
        await ClientLoops.RunForAsync(commandClients, options.WarmUp, cancellationToken);
        await ClientLoops.RunForAsync(rawClients, options.WarmUp, cancellationToken);
        foreach (var client in clients) client.Latencies.Clear();

        progress?.Invoke($"Measuring {options.Rounds} alternating rounds of {options.Duration / options.Rounds} per side...");
        var round = options.Duration / options.Rounds;
        var cpu = new ProcessCpu(server.ProcessId);
        var comparison = await Interleaved.RatesAsync(options.Rounds,
            () => ClientLoops.RateAsync(rawClients, round, cancellationToken),
            () => cpu.MeasureAsync(() => ClientLoops.RateAsync(commandClients, round, cancellationToken)));

        var latencies = clients.SelectMany(c => c.Latencies).Order().ToArray();
        var failures = clients.Sum(c => c.Failures);
        report(comparison.ToResult($"http.step-command.{options.Clients}-clients", "commands/s"));
        report(new BenchmarkResult("http.step-command.p50", Math.Round(Latency.Percentile(latencies, 0.50), 2), "ms", null, null));
        report(new BenchmarkResult("http.step-command.p99", Math.Round(Latency.Percentile(latencies, 0.99), 2), "ms", null, null));
        report(new BenchmarkResult("http.step-command.failures", failures, "responses", null, null));
        report(new BenchmarkResult("http.server.peak-rss", Math.Round(server.PeakResidentMegabytes(), 1), "MB", null, null));
        // Where a command's CPU goes (measured over the command rounds only; PostgreSQL: every backend of the machine).
        if (latencies.Length > 0)
        {
            report(new BenchmarkResult("http.cpu-per-command.server", Math.Round(cpu.ServerMilliseconds / latencies.Length, 3), "ms", null, null));
            report(new BenchmarkResult("http.cpu-per-command.postgres", Math.Round(cpu.PostgresMilliseconds / latencies.Length, 3), "ms", null, null));
            report(new BenchmarkResult("http.cpu-per-command.load-generator", Math.Round(cpu.ClientMilliseconds / latencies.Length, 3), "ms", null, null));
        }
    }

    private static async Task<Guid[]> CreateCasesAsync(HttpClient http, string tenant, HttpBenchmarkOptions options, CancellationToken ct)
    {
        var ids = Enumerable.Range(0, options.Cases).Select(_ => Guid.NewGuid()).ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = options.Clients, CancellationToken = ct }, async (id, token) =>
        {
            using var response = await http.PostAsJsonAsync($"/api/departements/{tenant}/cases", new
            {
                caseId = id,
                applicationDate = "2024-01-02",
                knownOn = "2024-01-05",
                subjectToRightsAndDuties = true,
                territory = "T" + (id.GetHashCode() & 7),
            }, token);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Creating a case failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
        });
        return ids;
    }

    /// <summary>One client: picks a random case, fixes a new orientation appointment on it, records the latency.</summary>
    private sealed class StepClient(HttpClient http, string tenant, Guid[] cases, int seed)
    {
        private readonly Random _random = new(seed);

        public List<double> Latencies { get; } = [];
        public long Failures { get; private set; }

        public async Task SendAsync()
        {
            var caseId = cases[_random.Next(cases.Length)];
            var fixedOn = new DateOnly(2024, 1, 10).AddDays(_random.Next(600));
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/departements/{tenant}/cases/{caseId}/appointments")
            {
                Content = JsonContent.Create(new
                {
                    appointmentId = Guid.NewGuid(),
                    kind = "Orientation",
                    fixedOn = fixedOn.ToString("yyyy-MM-dd"),
                    scheduledFor = fixedOn.AddDays(10).ToString("yyyy-MM-dd"),
                    organisation = "CD31-ORIENTATION",
                }),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!response.IsSuccessStatusCode) Failures++;
        }
    }
}

/// <summary>A Parcours server running in its own process for the benchmark: where it listens, a token, its pid.</summary>
public sealed record HttpServerUnderTest(Uri BaseAddress, string Tenant, string ManagerToken, int ProcessId)
{
    /// <summary>The server process's peak resident set (VmHWM in /proc), in MB.</summary>
    public double PeakResidentMegabytes() => ProcessMemory.PeakResidentMegabytes(ProcessId) ?? double.NaN;
}

public sealed record HttpBenchmarkOptions
{
    public int Clients { get; init; } = 8;
    public int Cases { get; init; } = 2_000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(12);
    public int Rounds { get; init; } = 6;
    /// <summary>
    /// Commands sent before measuring. Long enough for the server's JIT to finish tiering the command path: with 2 s, on two
    /// shared cores, the runtime was still recompiling hot methods during the measurement (a fifth to two fifths of the
    /// server's CPU in <c>libclrjit</c>, sampled with perf), which a server in service has long finished.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);
}
