using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Parcours.Projections.Indicators;

namespace Parcours.Cli.Chaos;

/// <summary>
/// The fault scenarios of <c>parcours chaos</c> and of the fault tests. Each runs on its own private PostgreSQL with real
/// <c>parcours serve</c> child processes on loopback, under a bounded load of keyed step commands, injects its faults,
/// then checks: every acknowledged command is in the log exactly once, nothing answered a 5xx other than
/// <c>503 database.unavailable</c>, and (daemon scenarios) the projected indicators equal a computation from scratch.
/// </summary>
public static class ChaosScenarios
{
    public const string ServerKill = "server-kill";
    public const string PostgresRestart = "postgres-restart";
    public const string DaemonKill = "daemon-kill";
    public const string TwoServers = "two-servers";

    public static IReadOnlyList<string> Names { get; } = [ServerKill, PostgresRestart, DaemonKill, TwoServers];

    public static Task<ChaosReport> RunAsync(string scenario, ChaosOptions options, CancellationToken ct) => scenario switch
    {
        ServerKill => RunServerKillAsync(options, ct),
        PostgresRestart => RunPostgresRestartAsync(options, ct),
        DaemonKill => RunDaemonKillAsync(options, ct),
        TwoServers => RunTwoServersAsync(options, ct),
        _ => throw new ArgumentException($"Unknown scenario '{scenario}' (known: {string.Join(", ", Names)}).", nameof(scenario)),
    };

    /// <summary>kill -9 of the server under load, then a restart on the same port, <see cref="ChaosOptions.Faults"/> times.</summary>
    public static async Task<ChaosReport> RunServerKillAsync(ChaosOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var rig = await ChaosRig.StartAsync(options, ct);
        var (server, load, running) = await StartLoadAsync(rig, ct);
        var facts = new Dictionary<string, long> { ["kills"] = 0 };
        for (var fault = 1; fault <= options.Faults; fault++)
        {
            if (!await WaitForProgressAsync(load, running, options, fault, ct)) break;
            options.Log?.Invoke($"kill -9 of the server (pid {server.ProcessId}) after {load.Acknowledged.Count} acknowledged commands");
            await server.KillAsync();
            facts["kills"]++;
            await Task.Delay(300, ct);
            await server.StartAsync(ready: false, ct);
        }
        await running;
        var failures = new List<string>();
        if (facts["kills"] == 0) failures.Add("the load ended before any kill: raise --commands or --duration");
        return await FinishAsync(ServerKill, rig, load, facts, failures, clock, ct);
    }

    /// <summary>
    /// PostgreSQL stopped under load for a few seconds, then started again: meanwhile the server must answer 503 with a
    /// problem code (probed with a step command and /health/ready), then recover by itself.
    /// </summary>
    public static async Task<ChaosReport> RunPostgresRestartAsync(ChaosOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var rig = await ChaosRig.StartAsync(options, ct);
        var (server, load, running) = await StartLoadAsync(rig, ct);
        var facts = new Dictionary<string, long> { ["restarts"] = 0, ["outage probes"] = 0, ["outage probes 503 coded"] = 0 };
        var failures = new List<string>();
        using var probe = StepLoad.CreateClient(rig.Token);
        for (var fault = 1; fault <= options.Faults; fault++)
        {
            if (!await WaitForProgressAsync(load, running, options, fault, ct)) break;
            options.Log?.Invoke($"stopping PostgreSQL after {load.Acknowledged.Count} acknowledged commands");
            await rig.Cluster.StopAsync(ct);
            facts["restarts"]++;
            var outageEnd = DateTime.UtcNow.AddSeconds(3);
            while (DateTime.UtcNow < outageEnd)
            {
                foreach (var answer in await ProbeAsync(probe, server.BaseAddress, rig, ct))
                {
                    facts["outage probes"]++;
                    if (answer == "503 database.unavailable" || answer == "503 ready") facts["outage probes 503 coded"]++;
                    else failures.Add($"during the outage a probe got {answer}");
                }
                await Task.Delay(250, ct);
            }
            options.Log?.Invoke("starting PostgreSQL again");
            await rig.Cluster.StartAgainAsync(ct);
            var restarted = Stopwatch.StartNew();
            try
            {
                await server.WaitUntilAsync("/health/ready", TimeSpan.FromSeconds(60), ct);
                facts[$"recovery {fault} ms"] = restarted.ElapsedMilliseconds;
            }
            catch (InvalidOperationException e)
            {
                failures.Add($"the server did not recover by itself: {e.Message}");
                break;
            }
        }
        await running;
        if (facts["restarts"] == 0) failures.Add("the load ended before any restart: raise --commands or --duration");
        if (facts["outage probes 503 coded"] == 0 && facts["restarts"] > 0) failures.Add("no 503 answer was seen during the outage");
        return await FinishAsync(PostgresRestart, rig, load, facts, failures, clock, ct);
    }

    /// <summary>
    /// A synthetic département written straight to the log, a server started on it whose daemon projects it, killed -9
    /// while its daemon holds the lock in the middle of a batch (<see cref="ChaosOptions.Faults"/> times), with a step
    /// load running; after the last restart the indicators must equal a from-scratch computation.
    /// </summary>
    public static async Task<ChaosReport> RunDaemonKillAsync(ChaosOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var rig = await ChaosRig.StartAsync(options, ct);
        var facts = new Dictionary<string, long> { ["events loaded"] = await rig.LoadPeopleAsync(ct), ["kills mid-batch"] = 0 };
        var server = rig.NewServer("a");
        await server.StartAsync(ready: false, ct);
        var failures = new List<string>();
        // The first kill falls, if it can be caught there, in the daemon's catch-up of the loaded log; the next ones while
        // it projects the load's steps.
        await KillWhileDaemonWorksAsync(rig, server, facts, TimeSpan.FromSeconds(20), ct);
        await rig.CreateCasesAsync(server, ct);
        var load = rig.NewLoad(server);
        var running = rig.RunAsync(load, ct);
        while (facts["kills mid-batch"] < options.Faults && !running.IsCompleted)
        {
            if (!await KillWhileDaemonWorksAsync(rig, server, facts, TimeSpan.FromSeconds(60), ct)) break;
        }
        await running;
        if (facts["kills mid-batch"] == 0) failures.Add("the daemon was never caught at work: raise --people");
        await CompareIndicatorsAsync(rig, facts, failures, ct);
        return await FinishAsync(DaemonKill, rig, load, facts, failures, clock, ct);
    }

    /// <summary>Two servers with their daemons on one database, the load spread over both: no double counting anywhere.</summary>
    public static async Task<ChaosReport> RunTwoServersAsync(ChaosOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var rig = await ChaosRig.StartAsync(options, ct);
        var facts = new Dictionary<string, long> { ["events loaded"] = await rig.LoadPeopleAsync(ct) };
        var first = rig.NewServer("a");
        var second = rig.NewServer("b");
        await Task.WhenAll(first.StartAsync(ready: false, ct), second.StartAsync(ready: false, ct));
        await rig.CreateCasesAsync(first, ct);
        var load = rig.NewLoad(first, second);
        await rig.RunAsync(load, ct);
        var failures = new List<string>();
        await CompareIndicatorsAsync(rig, facts, failures, ct);
        return await FinishAsync(TwoServers, rig, load, facts, failures, clock, ct);
    }

    /// <summary>Waits for the daemon to hold its lock with events left, then kill -9 and restart; false if it was never caught.</summary>
    private static async Task<bool> KillWhileDaemonWorksAsync(ChaosRig rig, ServerProcess server, Dictionary<string, long> facts, TimeSpan wait, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + wait;
        ProjectionLag? lag = null;
        while (DateTime.UtcNow < deadline)
        {
            if (await rig.DaemonAtWorkAsync(ct) && (lag = await rig.LagAsync(ct)).EventsBehind > 0) break;
            lag = null;
            await Task.Delay(5, ct);
        }
        if (lag is null) return false;
        rig.Options.Log?.Invoke($"kill -9 of the server (pid {server.ProcessId}) while its daemon works, {lag.EventsBehind} events behind");
        await server.KillAsync();
        var kills = ++facts["kills mid-batch"];
        facts[$"events behind at kill {kills}"] = lag.EventsBehind;
        await server.StartAsync(ready: false, ct);
        return true;
    }

    private static async Task CompareIndicatorsAsync(ChaosRig rig, Dictionary<string, long> facts, List<string> failures, CancellationToken ct)
    {
        var (cells, differences) = await rig.CompareIndicatorsAsync(TimeSpan.FromSeconds(120), ct);
        facts["indicator cells compared"] = cells;
        facts["indicator cells differing"] = differences.Count;
        failures.AddRange(differences.Take(5).Select(d => "indicator cell differs from scratch: " + d));
    }

    /// <summary>One server, ready, with the cases created, and the load started on it.</summary>
    private static async Task<(ServerProcess Server, StepLoad Load, Task Running)> StartLoadAsync(ChaosRig rig, CancellationToken ct)
    {
        var server = rig.NewServer("a");
        await server.StartAsync(ready: true, ct);
        await rig.CreateCasesAsync(server, ct);
        var load = rig.NewLoad(server);
        return (server, load, rig.RunAsync(load, ct));
    }

    /// <summary>Waits until the load reached fault <paramref name="fault"/>'s share of its bounds; false when it ended first.</summary>
    private static async Task<bool> WaitForProgressAsync(StepLoad load, Task running, ChaosOptions options, int fault, CancellationToken ct)
    {
        var share = fault / (double)(options.Faults + 1);
        var started = Stopwatch.StartNew();
        while (!running.IsCompleted)
        {
            if (load.Acknowledged.Count >= options.Commands * share || started.Elapsed >= options.Duration * share / 2) return true;
            await Task.Delay(20, ct);
        }
        return false;
    }

    /// <summary>One step command (a fresh key) and one readiness check during an outage: "status code" of each.</summary>
    private static async Task<List<string>> ProbeAsync(HttpClient http, Uri server, ChaosRig rig, CancellationToken ct)
    {
        var answers = new List<string>();
        var body = new { appointmentId = Guid.NewGuid(), kind = "Orientation", fixedOn = "2024-02-01", scheduledFor = "2024-02-10", organisation = "PROBE" };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, $"/api/departements/{ChaosRig.Tenant.Code}/cases/{rig.Cases[0]}/appointments"))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Add("Idempotency-Key", "probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var response = await http.SendAsync(request, ct))
                answers.Add($"{(int)response.StatusCode} {await StepLoad.ProblemCodeAsync(response, ct) ?? "(no problem code)"}");
            using (var ready = await http.GetAsync(new Uri(server, "/health/ready"), ct))
                answers.Add(ready.StatusCode == HttpStatusCode.ServiceUnavailable && ready.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    ? "503 ready" : $"{(int)ready.StatusCode} ready");
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            answers.Add($"no answer ({e.GetType().Name})"); // the server should answer at once, the database being down
        }
        return answers;
    }

    private static async Task<ChaosReport> FinishAsync(
        string scenario, ChaosRig rig, StepLoad load, Dictionary<string, long> facts, List<string> failures, Stopwatch clock, CancellationToken ct)
    {
        var log = await LogCount.OfAsync(rig.Database, ChaosRig.Tenant.Code, load, ct);
        if (log.Duplicated > 0) failures.Add($"{log.Duplicated} commands are in the log more than once");
        if (log.Missing > 0) failures.Add($"{log.Missing} acknowledged commands are missing from the log");
        if (load.Acknowledged.Count < load.Sent.Count) failures.Add($"{load.Sent.Count - load.Acknowledged.Count} commands were never acknowledged");
        foreach (var (kind, count) in load.Answers)
        {
            if (kind.StartsWith('5') && kind != "503 database.unavailable") failures.Add($"{count} answers {kind}");
            if (kind.StartsWith('4') && !kind.StartsWith("412", StringComparison.Ordinal) && !kind.StartsWith("429", StringComparison.Ordinal))
                failures.Add($"{count} answers {kind}");
        }
        facts["unacknowledged found in log"] = log.UnacknowledgedFound;
        return new ChaosReport(scenario, load.Sent.Count, load.Acknowledged.Count, log.Found, log.Duplicated, log.Missing,
            new SortedDictionary<string, long>(load.Answers.ToDictionary()), facts, failures, clock.Elapsed);
    }
}
