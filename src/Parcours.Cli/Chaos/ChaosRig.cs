using Npgsql;
using NodaTime;
using Parcours.Application.Reporting;
using Parcours.Cli.Commands;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Projections.Indicators;
using Parcours.Server.Auth;
using Parcours.Server.Auth.ApiTokens;
using Parcours.Simulation;
using Parcours.Simulation.Profiles;

namespace Parcours.Cli.Chaos;

/// <summary>
/// What every scenario sets up: its own PostgreSQL cluster and database, the tenant 31 with a manager token, a master
/// key shared by its servers, the cases the load records on; and the checks run at the end (the log, the indicators).
/// </summary>
public sealed class ChaosRig : IAsyncDisposable
{
    public static readonly TenantId Tenant = TenantId.Parse("31");

    private static int databases;

    private readonly List<ServerProcess> _servers = [];

    private ChaosRig(ChaosCluster cluster, string database, string token, ChaosOptions options)
    {
        Cluster = cluster;
        Database = database;
        Token = token;
        Options = options;
    }

    public ChaosCluster Cluster { get; }
    public string Database { get; }
    public string Token { get; }
    public ChaosOptions Options { get; }
    public string MasterKey { get; } = ServerProcess.NewMasterKey();
    public IReadOnlyList<Guid> Cases { get; } = [.. Enumerable.Range(0, 100).Select(_ => Guid.NewGuid())];

    public static async Task<ChaosRig> StartAsync(ChaosOptions options, CancellationToken ct)
    {
        var cluster = options.Cluster ?? await ChaosCluster.StartAsync(options.Log, ct);
        try
        {
            var database = await cluster.CreateDatabaseAsync($"parcours_chaos_{Interlocked.Increment(ref databases)}", ct);
            var token = await ServerProcess.PrepareWithManagerTokenAsync(database, "chaos", ct);
            return new ChaosRig(cluster, database, token, options);
        }
        catch
        {
            if (options.Cluster is null) await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A server process on the rig's database (not started).</summary>
    public ServerProcess NewServer(string name)
    {
        var server = new ServerProcess(Database, MasterKey, name);
        _servers.Add(server);
        return server;
    }

    public Task CreateCasesAsync(ServerProcess server, CancellationToken ct) =>
        StepLoad.CreateCasesAsync(server.BaseAddress, Tenant.Code, Token, Cases, ct);

    public StepLoad NewLoad(params ServerProcess[] servers) =>
        new([.. servers.Select(s => s.BaseAddress)], Tenant.Code, Token, Cases, Options.Seed);

    /// <summary>Runs the load within the scenario's bounds.</summary>
    public Task RunAsync(StepLoad load, CancellationToken ct) =>
        load.RunAsync(Options.Clients, Options.Commands, DateTime.UtcNow + Options.Duration, ct);

    /// <summary>Appends a synthetic département (<see cref="ChaosOptions.People"/> people, seeded) straight to the log, for the daemon to project.</summary>
    public async Task<long> LoadPeopleAsync(CancellationToken ct)
    {
        var profile = SimulationProfiles.Scaled(SimulationProfiles.Small, Options.People / (double)SimulationProfiles.Small.InitialStock);
        var people = new DepartementSimulation(profile, (ulong)Options.Seed).People().Where(p => p.Events.Count > 0).ToList();
        await using var dataSource = NpgsqlDataSource.Create(Database);
        var store = ReadModels.Create(dataSource, SystemClock.Instance).Store; // the pathway event types, and the inline case summaries
        foreach (var chunk in people.Chunk(500))
            await store.AppendBulkAsync(Tenant, [.. chunk.Select(DemoCommand.ToStreamAppend)], new EventMetadata("chaos-import"), ct);
        return people.Sum(p => (long)p.Events.Count);
    }

    /// <summary>Whether a server's projection daemon is in the middle of a step (it holds the tenant's advisory lock).</summary>
    public async Task<bool> DaemonAtWorkAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 18766 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        return (long)(await command.ExecuteScalarAsync(ct))! > 0;
    }

    public async Task<ProjectionLag> LagAsync(CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(Database);
        return await ReadModels.Create(dataSource, SystemClock.Instance).Daemon.LagAsync(Tenant, ct);
    }

    /// <summary>
    /// Waits until the servers' daemons have caught up, then compares every indicator cell they projected with the engine
    /// run from scratch over the whole log. Returns the number of cells compared and the differing ones (at most 5 named).
    /// </summary>
    public async Task<(int Cells, IReadOnlyList<string> Differences)> CompareIndicatorsAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!(await LagAsync(ct)).IsUpToDate || await DaemonAtWorkAsync(ct))
        {
            if (DateTime.UtcNow > deadline) return (0, [$"the daemons did not catch up within {timeout.TotalSeconds:0} s: {await LagAsync(ct)}"]);
            await Task.Delay(200, ct);
        }
        await using var dataSource = NpgsqlDataSource.Create(Database);
        var models = ReadModels.Create(dataSource, SystemClock.Instance);
        var definitions = models.Catalogue.Definitions;
        var projected = await models.Reports.CellsAsync(Tenant, definitions, new YearMonth(1900, 1), new YearMonth(9999, 12), ct);
        var histories = await TenantHistories.ReadAsync(models.Store, Tenant, cancellationToken: ct);
        var expected = MonthlyFigures.Aggregate(definitions, histories, ParisCalendar.Today(SystemClock.Instance))
            .SelectMany(a => a.All().Select(c => (Key: (a.Definition.Id, a.Definition.Version, c.Key), c.Value)))
            .ToDictionary(x => x.Key, x => x.Value);
        var differences = projected.Keys.Union(expected.Keys)
            .Where(k => !projected.TryGetValue(k, out var p) || !expected.TryGetValue(k, out var e) || p != e)
            .Select(k => $"{k}: projected {(projected.TryGetValue(k, out var p) ? p : "(none)")}, from scratch {(expected.TryGetValue(k, out var e) ? e : "(none)")}")
            .ToList();
        return (expected.Count, differences);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (Options.Cluster is null) await Cluster.DisposeAsync();
    }
}
