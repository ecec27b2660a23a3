using System.Diagnostics;
using NodaTime;
using Npgsql;
using Parcours.Application;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Projections.TimeTravel;
using Parcours.Simulation;
using Parcours.Simulation.Profiles;

namespace Parcours.Benchmarks;

/// <summary>How much of France the national benchmark loads, and how it samples.</summary>
public sealed record NationalBenchmarkOptions
{
    /// <summary>Share of the national profile's 2.1 million people (1: all of France, about 20 million events).</summary>
    public double Scale { get; init; } = 1;

    /// <summary>How many départements to load, in the profile's order (101: all of them).</summary>
    public int Departements { get; init; } = 101;

    public ulong Seed { get; init; } = 2025;

    /// <summary>Samples of each latency measured at a checkpoint.</summary>
    public int Samples { get; init; } = 60;

    /// <summary>Rows of the raw COPY baseline measured at each checkpoint.</summary>
    public int BaselineRows { get; init; } = 100_000;

    public Action<string>? Log { get; init; }

    /// <summary>The numbers of loaded départements after which the figures are measured: 1, 2, 5, 10, 20, 50, then all.</summary>
    public IReadOnlyList<int> Checkpoints =>
        [.. new[] { 1, 2, 5, 10, 20, 50 }.Where(n => n < Departements).Append(Departements)];
}

/// <summary>
/// <c>parcours bench national</c>: France in one PostgreSQL. The départements of <see cref="NationalProfile"/> are
/// generated and appended in bulk through the store (without the inline projection: the rebuild makes every read
/// model), group by group; after each group (1, 2, 5, 10, 20, 50, 101 départements loaded) the new tenants' read models
/// are rebuilt (<see cref="Projections.Rebuild.ProjectionRebuild"/>, in one pass) and the figures measured on
/// everything loaded so far, so that their growth from 1 to 101 départements shows (costs per event should stay flat):
/// <list type="bullet">
/// <item>load events/s, against a raw binary COPY of rows of the events table's shape measured at the same point;</item>
/// <item>rebuild events/s; bytes per event on disk (events and streams, indexes included);</item>
/// <item>monthly report p95 and one-case replay p95 over random départements, months and cases.</item>
/// </list>
/// At the end: load + rebuild seconds (target &lt; 10 minutes for all of France) and the monthly reports of every
/// département for the last month of the window, one after the other.
/// </summary>
public static class NationalBenchmark
{
    public static async Task RunAsync(
        string connectionString, NationalBenchmarkOptions options, Action<BenchmarkResult> report, CancellationToken ct = default)
    {
        var log = options.Log ?? (_ => { });
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 50, CommandTimeout = 1_800 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var profile = NationalProfile.Default with { TotalPeople = (long)Math.Round(NationalProfile.Default.TotalPeople * options.Scale) };
        var departements = profile.Departements.Take(options.Departements).ToList();
        var window = departements[0].Window;
        // "Today" is the day after the simulated window: every figure is final or provisional as a report then would say.
        var clock = new FixedClock(window.LastDay.PlusDays(1).At(new LocalTime(9, 0)).InZoneLeniently(ParisCalendar.Zone).ToInstant());
        var models = await ReadModels.OpenAsync(dataSource, clock, ct: ct);
        // Loading without the inline projection: the per-tenant rebuild builds every read model afterwards.
        var loader = new EventStore.EventStore(dataSource, PathwayEventStore.CreateOptions(clock));
        var raw = await RawEvents.CreateAsync(dataSource, ct);
        var random = new Random(7);
        var months = Enumerable.Range(0, window.Months).Select(i => window.StartMonth.PlusMonths(i)).ToList();
        var loaded = new List<TenantId>();
        var sampledCases = new List<(TenantId Tenant, CaseId Case)>();
        long events = 0, people = 0;
        var loadSeconds = 0.0;
        var rebuildSeconds = 0.0;

        foreach (var checkpoint in options.Checkpoints)
        {
            var group = departements.Skip(loaded.Count).Take(checkpoint - loaded.Count).ToList();
            var (groupEvents, groupPeople, seconds) = await LoadAsync(loader, group, options.Seed, sampledCases, ct);
            events += groupEvents;
            people += groupPeople;
            loadSeconds += seconds;
            loaded.AddRange(group.Select(p => TenantId.Parse(p.Tenant)));
            await ExecuteAsync(dataSource, "ANALYZE parcours.events", ct);
            await ExecuteAsync(dataSource, "ANALYZE parcours.streams", ct);

            var rawSeconds = await Latency.SecondsAsync(() => raw.CopyAsync(options.BaselineRows, ct));
            await ExecuteAsync(dataSource, "TRUNCATE parcours_bench.raw_events", ct);
            report(BenchmarkResult.Compared($"national.load.{checkpoint}", groupEvents / seconds, "events/s", options.BaselineRows / rawSeconds));

            var rebuildClock = Stopwatch.StartNew();
            long rebuilt = 0;
            var rebuild = await models.Rebuild.RunAsync([.. group.Select(p => TenantId.Parse(p.Tenant))], progress: null, ct);
            rebuilt += rebuild.Events;
            rebuildSeconds += rebuildClock.Elapsed.TotalSeconds;
            log($"{checkpoint} départements, reconstruction, secondes par étape : " + string.Join(", ", rebuild.Stages.Select(s => $"{s.Key} {s.Value:N2}")));
            await ExecuteAsync(dataSource, "ANALYZE", ct);
            report(new BenchmarkResult($"national.rebuild.{checkpoint}", Math.Round(rebuilt / rebuildClock.Elapsed.TotalSeconds, 1), "events/s", null, null));
            report(new BenchmarkResult($"national.bytes-per-event.{checkpoint}", await BytesPerEventAsync(dataSource, ct), "bytes", null, null));

            var definitions = models.Catalogue.Definitions;
            report(new BenchmarkResult($"national.monthly-report.p95.{checkpoint}", await Latency.P95Async(options.Samples,
                () => models.Reports.MonthAsync(loaded[random.Next(loaded.Count)], definitions, months[random.Next(months.Count)], ct)), "ms", null, null));
            report(new BenchmarkResult($"national.case-replay.p95.{checkpoint}", await Latency.P95Async(options.Samples, () =>
            {
                var (tenant, caseId) = sampledCases[random.Next(sampledCases.Count)];
                return models.Cases.StateAsync(tenant, caseId, new CasePoint.AtVersion(int.MaxValue), ct);
            }), "ms", null, null));
            log($"{checkpoint} département(s) : {people:N0} personnes, {events:N0} événements ; chargement {loadSeconds:N0} s, reconstruction {rebuildSeconds:N0} s");
        }

        report(new BenchmarkResult("national.departements", loaded.Count, "départements", null, null));
        report(new BenchmarkResult("national.people", people, "people", null, null));
        report(new BenchmarkResult("national.events", events, "events", null, null));
        // The 10-minute target is for all of France: a reduced run reports its time under another name, with no target.
        var whole = options.Scale >= 1 && loaded.Count == Departements.All.Count;
        report(new BenchmarkResult(whole ? "national.load-and-rebuild" : "national.reduced.load-and-rebuild", Math.Round(loadSeconds + rebuildSeconds, 1), "s", null, null));
        report(new BenchmarkResult("national.bytes-per-event", await BytesPerEventAsync(dataSource, ct), "bytes", null, null));

        // Every département's report of the last month, one after the other: what the State's monthly collection costs.
        var lastMonth = months[^1];
        var all = Stopwatch.StartNew();
        foreach (var tenant in loaded) await models.Reports.MonthAsync(tenant, models.Catalogue.Definitions, lastMonth, ct);
        report(new BenchmarkResult("national.all-monthly-reports", Math.Round(all.Elapsed.TotalSeconds, 2), "s", null, null));
    }

    /// <summary>
    /// Generates the départements' people and appends them in chunks of bulk appends; the next chunk is generated while
    /// the previous one is written. Keeps one case in 200 for the replay samples.
    /// </summary>
    private static async Task<(long Events, long People, double Seconds)> LoadAsync(
        EventStore.EventStore store, IReadOnlyList<SimulationProfile> group, ulong seed, List<(TenantId, CaseId)> samples, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long events = 0, people = 0;
        foreach (var profile in group)
        {
            var tenant = TenantId.Parse(profile.Tenant);
            await store.RegisterTenantAsync(tenant, profile.Name, ct);
            Task<BulkAppendResult>? writing = null;
            foreach (var chunk in new DepartementSimulation(profile, seed).People().Chunk(2_000))
            {
                var appends = SyntheticAppends.From(chunk);
                people += chunk.Length;
                samples.AddRange(chunk.Where(p => p.Events.Count > 0 && p.Index % 200 == 0).Select(p => (tenant, p.CaseId)));
                if (writing is not null) events += (await writing).EventCount;
                writing = store.AppendBulkAsync(tenant, appends, new EventMetadata("bench-national"), ct);
            }
            if (writing is not null) events += (await writing).EventCount;
        }
        return (events, people, clock.Elapsed.TotalSeconds);
    }

    private static async Task<double> BytesPerEventAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT (pg_total_relation_size('parcours.events') + pg_total_relation_size('parcours.streams'))::float8
                   / greatest((SELECT count(*) FROM parcours.events), 1)
            """);
        return Math.Round((double)(await command.ExecuteScalarAsync(ct))!, 1);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}
