using System.Diagnostics;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Projections.TimeTravel;
using Parcours.Simulation;
using Parcours.Simulation.Profiles;

namespace Parcours.Benchmarks;

/// <summary>How large and how long the projections benchmark runs.</summary>
public sealed record ProjectionsBenchmarkOptions
{
    /// <summary>Multiplies the Haute-Garonne profile's people (stock and entrants): 3 gives about 1.2 million events.</summary>
    public double Scale { get; init; } = 3;

    public ulong Seed { get; init; } = 2025;

    public int ReportSamples { get; init; } = 300;
    public int ReplaySamples { get; init; } = 500;
    public int AsKnownAtSamples { get; init; } = 3;

    /// <summary>Progress lines (loading, stages), on standard error by the CLI.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>
/// The projections benchmark, behind <c>parcours bench projections</c>: a synthetic Haute-Garonne scaled to at least a
/// million events, appended in bulk through the store (the inline case summaries follow), then, each against a raw
/// Npgsql baseline in the same run:
/// <list type="bullet">
/// <item>rebuild throughput (<see cref="Rebuild.ProjectionRebuild"/>, every read model from the log) against a raw ordered
/// read of the tenant's events (<c>SELECT … ORDER BY xact_id, seq</c>, every column fetched, nothing decoded);</item>
/// <item>the monthly report (<c>IndicatorReports.MonthAsync</c>, every definition of the catalogue) p95, against a raw
/// SELECT of the same cells;</item>
/// <item>one-case replay (<see cref="CaseAsOf"/> at the last version) p95, against a raw SELECT of the stream's rows;</item>
/// <item>the as-known-at report of one département-year (<see cref="AsKnownAtReport"/>) p95, against a raw read of the
/// events of the same candidate cases.</item>
/// </list>
/// </summary>
public static class ProjectionsBenchmark
{
    public static async Task RunAsync(
        string connectionString, ProjectionsBenchmarkOptions options, Action<BenchmarkResult> report, CancellationToken ct = default)
    {
        var log = options.Log ?? (_ => { });
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 50, CommandTimeout = 600 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var profile = SimulationProfiles.Scaled(SimulationProfiles.HauteGaronne, options.Scale);
        var simulation = new DepartementSimulation(profile, options.Seed);
        // "Today" is the day after the simulated window: every figure is final or provisional as a report then would say.
        var today = profile.Window.LastDay.PlusDays(1);
        var clock = new FixedClock(today.At(new LocalTime(9, 0)).InZoneLeniently(ParisCalendar.Zone).ToInstant());
        var models = await ReadModels.OpenAsync(dataSource, clock, ct: ct);
        var tenant = TenantId.Parse(profile.Tenant);
        await models.Store.RegisterTenantAsync(tenant, profile.Name, ct);

        var loading = Stopwatch.StartNew();
        long events = 0;
        var cases = new List<CaseId>();
        foreach (var chunk in simulation.People().Chunk(2_000))
        {
            var streams = SyntheticAppends.From(chunk);
            events += (await models.Store.AppendBulkAsync(tenant, streams, new EventMetadata("bench"), ct)).EventCount;
            cases.AddRange(chunk.Where(p => p.Events.Count > 0).Select(p => p.CaseId));
            if (cases.Count % 20_000 < 2_000) log($"chargé : {cases.Count:N0} dossiers, {events:N0} événements ({loading.Elapsed.TotalSeconds:N0} s)");
        }
        await ExecuteAsync(dataSource, "VACUUM ANALYZE parcours.events; VACUUM ANALYZE parcours.streams", ct);
        report(new BenchmarkResult("projections.events", events, "events", null, null));
        report(new BenchmarkResult("projections.cases", cases.Count, "cases", null, null));
        log($"chargement : {events:N0} événements en {loading.Elapsed.TotalSeconds:N0} s");

        // Rebuild against the raw ordered read, the raw read twice (the first warms the cache for both).
        await RawOrderedReadAsync(dataSource, tenant, ct);
        var rawSeconds = await Latency.SecondsAsync(() => RawOrderedReadAsync(dataSource, tenant, ct));
        var start = RuntimeCost.Now();
        var rebuild = await models.Rebuild.RunAsync(tenant: null, progress: null, ct);
        var cost = RuntimeCost.Now().Since(start);
        var cpu = cost.Cpu;
        log($"reconstruction : {cost}");
        log("reconstruction, secondes par étape : " + string.Join(", ", rebuild.Stages.Select(s => $"{s.Key} {s.Value:N2}")));
        report(BenchmarkResult.Compared("projections.rebuild", rebuild.Events / rebuild.Elapsed.TotalSeconds, "events/s", events / rawSeconds));
        // The machine may be shared: the client's own CPU time says what the rebuild costs apart from waiting for a core.
        report(new BenchmarkResult("projections.rebuild.client-cpu", Math.Round(rebuild.Events / cpu.TotalSeconds, 1), "events/cpu-s", null, null));
        foreach (var (stage, seconds) in rebuild.Stages)
            report(new BenchmarkResult($"projections.rebuild.stage.{stage.Replace(' ', '-')}", Math.Round(seconds, 2), "s", null, null));

        var random = new Random(7);
        var months = Enumerable.Range(0, profile.Months).Select(i => profile.StartMonth.PlusMonths(i)).ToList();
        var definitions = models.Catalogue.Definitions;

        // Monthly report: every definition's overall figure for one cohort month.
        var reportLatency = await Latency.P95Async(options.ReportSamples, () => models.Reports.MonthAsync(tenant, definitions, months[random.Next(months.Count)], ct));
        var rawReport = await Latency.P95Async(options.ReportSamples, () => RawCellsAsync(dataSource, tenant, months[random.Next(months.Count)], ct));
        report(BenchmarkResult.Compared("projections.monthly-report.p95", reportLatency, "ms", rawReport));

        // One-case replay: read the stream and fold it.
        var replay = await Latency.P95Async(options.ReplaySamples, () =>
            models.Cases.StateAsync(tenant, cases[random.Next(cases.Count)], new CasePoint.AtVersion(int.MaxValue), ct));
        var rawReplay = await Latency.P95Async(options.ReplaySamples, () => RawStreamAsync(dataSource, cases[random.Next(cases.Count)], ct));
        report(BenchmarkResult.Compared("projections.case-replay.p95", replay, "ms", rawReplay));

        // As known at: one département-year, as a report some weeks after the year's end would have shown it.
        var year = profile.StartMonth.Year + 1;
        var knownAts = Enumerable.Range(0, options.AsKnownAtSamples)
            .Select(i => new LocalDate(year + 1, 1, 10).PlusDays(7 * i).At(new LocalTime(12, 0)).InZoneLeniently(ParisCalendar.Zone).ToInstant())
            .ToList();
        var knownAtIndex = 0;
        start = RuntimeCost.Now();
        var asKnownAt = await Latency.P95Async(options.AsKnownAtSamples, async () =>
        {
            var knownAt = knownAts[knownAtIndex++ % knownAts.Count];
            var clock = Stopwatch.StartNew();
            var aggregates = await models.AsKnownAt.ComputeAsync(tenant, definitions, new YearMonth(year, 1), new YearMonth(year, 12), knownAt, ct);
            log($"tel que connu le {knownAt} : {clock.Elapsed.TotalMilliseconds:N0} ms");
            return aggregates;
        }, warmUp: 0);
        log($"tel que connu, {options.AsKnownAtSamples} rapports : {RuntimeCost.Now().Since(start)}");
        var rawAsKnownAt = await Latency.P95Async(options.AsKnownAtSamples, () => RawYearAsync(dataSource, tenant, year, ct), warmUp: 1);
        report(BenchmarkResult.Compared("projections.as-known-at-year.p95", asKnownAt, "ms", rawAsKnownAt));
    }

    /// <summary>Every column of every event of the tenant in the global order, fetched and dropped: what a reader pays at least.</summary>
    private static async Task<int> RawOrderedReadAsync(NpgsqlDataSource dataSource, TenantId tenant, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT xact_id::text AS xact_text, seq, tenant, stream_id, version, type, data::text, recorded_at, recorded_by, causation_id, correlation_id, appended_at
            FROM parcours.events WHERE tenant = $1 ORDER BY xact_id, seq
            """);
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        return await CountRowsAsync(command, ct);
    }

    private static async Task<int> RawCellsAsync(NpgsqlDataSource dataSource, TenantId tenant, YearMonth month, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT definition_id, numerator, denominator, rate, mean_delay_days FROM parcours_read.indicator_cells WHERE tenant = $1 AND cohort = $2 AND breakdown = ''");
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = new DateOnly(month.Year, month.Month, 1), NpgsqlDbType = NpgsqlDbType.Date });
        return await CountRowsAsync(command, ct);
    }

    private static async Task<int> RawStreamAsync(NpgsqlDataSource dataSource, CaseId caseId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, type, data::text, recorded_at, recorded_by FROM parcours.events WHERE stream_id = $1 ORDER BY version");
        command.Parameters.Add(new() { Value = caseId.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        return await CountRowsAsync(command, ct);
    }

    /// <summary>The events of every case with a date in the year (the as-known-at report's candidates), fetched raw.</summary>
    private static async Task<int> RawYearAsync(NpgsqlDataSource dataSource, TenantId tenant, int year, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT e.stream_id, e.version, e.type, e.data::text, e.recorded_at, e.recorded_by FROM parcours.events e
            WHERE e.tenant = $1 AND e.stream_id IN (SELECT case_id FROM parcours_read.case_months WHERE tenant = $1 AND month BETWEEN $2 AND $3)
            ORDER BY e.stream_id, e.version
            """);
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = new DateOnly(year, 1, 1), NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = new DateOnly(year, 12, 1), NpgsqlDbType = NpgsqlDbType.Date });
        return await CountRowsAsync(command, ct);
    }

    private static async Task<int> CountRowsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i);
            rows++;
        }
        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var command = dataSource.CreateCommand(statement);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
