using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Projections.Indicators;
using Parcours.Projections.Tests.Support;
using static Parcours.Projections.Tests.Support.ProjectionDatabase;

namespace Parcours.Projections.Tests;

/// <summary>The daemon's cells equal the engine run from scratch over the log, now and after time passes with no event.</summary>
public sealed class IndicatorProjectionTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    [Fact]
    public async Task Projected_cells_equal_a_brute_force_evaluation_and_follow_the_calendar()
    {
        var (models, clock) = await db.OpenAsync();
        await LoadSmallAsync(models.Store);

        // Other test assemblies share the server: their open transactions may hold the global reader back for a moment.
        (await models.Daemon.CatchUpOrWaitAsync(HauteGaronne, TimeSpan.FromSeconds(60))).ShouldBeTrue();
        (await models.Daemon.LagAsync(HauteGaronne)).IsUpToDate.ShouldBeTrue();
        var projected = await ProjectedAsync(models);
        var expected = await BruteForceAsync(models.Store, models.Catalogue.Definitions, new LocalDate(2025, 7, 1));
        projected.Count.ShouldBeGreaterThan(100);
        projected.ShouldEqualCells(expected);
        projected.Values.ShouldContain(f => f.Pending > 0);

        // Forty days later, with no new event: windows that were open have closed (pending members become missed), and the
        // stock figures count in the new month. The daemon's reviews must bring the cells to what the engine says today.
        clock.Advance(Duration.FromDays(40));
        var lag = await models.Daemon.LagAsync(HauteGaronne);
        lag.CasesDue.ShouldBeGreaterThan(0);
        (await models.Daemon.CatchUpOrWaitAsync(HauteGaronne, TimeSpan.FromSeconds(60))).ShouldBeTrue();
        var later = await ProjectedAsync(models);
        later.ShouldEqualCells(await BruteForceAsync(models.Store, models.Catalogue.Definitions, new LocalDate(2025, 8, 10)));
        later.Values.Sum(f => f.Pending).ShouldBeLessThan(projected.Values.Sum(f => f.Pending));
    }
}

/// <summary>A daemon that dies in the middle of a batch leaves nothing behind; after a restart the figures are exact.</summary>
public sealed class DaemonCrashTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    [Fact]
    public async Task A_crash_before_commit_is_rolled_back_and_the_restart_reprocesses_the_batch_once()
    {
        var (models, _) = await db.OpenAsync();
        await LoadSmallAsync(models.Store, seed: 11);
        var crashing = new ProjectionDaemon(db.DataSource, models.Store, models.Projection, new NodaTime.Testing.FakeClock(DayAfterWindow), batchSize: 500);
        var steps = 0;
        crashing.BeforeCommit = step => ++steps == 3 ? throw new InvalidOperationException("kill -9") : Task.CompletedTask;

        await WaitUntilNothingHeldBackAsync(crashing);
        await Should.ThrowAsync<InvalidOperationException>(() => crashing.CatchUpAsync(HauteGaronne));
        var checkpointAfterCrash = (await models.Daemon.LagAsync(HauteGaronne)).Checkpoint;
        crashing.BeforeCommit = null;
        await WaitUntilNothingHeldBackAsync(crashing);
        (await crashing.StepAsync(HauteGaronne)).ShouldBe(DaemonStep.Projected);
        (await models.Daemon.LagAsync(HauteGaronne)).Checkpoint.ShouldBeGreaterThan(checkpointAfterCrash);
        (await crashing.CatchUpOrWaitAsync(HauteGaronne, TimeSpan.FromSeconds(60))).ShouldBeTrue();

        (await ProjectedAsync(models)).ShouldEqualCells(await BruteForceAsync(models.Store, models.Catalogue.Definitions, new LocalDate(2025, 7, 1)));
    }
}

/// <summary>Two daemons (two servers) on one tenant: the advisory lock lets one work at a time; nothing is counted twice.</summary>
public sealed class TwoDaemonsTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    [Fact]
    public async Task Two_daemons_catching_up_together_give_the_figures_of_one()
    {
        var (models, _) = await db.OpenAsync();
        await LoadSmallAsync(models.Store, seed: 13);
        var first = new ProjectionDaemon(db.DataSource, models.Store, models.Projection, new NodaTime.Testing.FakeClock(DayAfterWindow), batchSize: 300);
        var second = new ProjectionDaemon(db.DataSource, models.Store, models.Projection, new NodaTime.Testing.FakeClock(DayAfterWindow), batchSize: 300);
        var busy = 0;

        var deadline = DateTime.UtcNow.AddSeconds(90);
        async Task Drive(ProjectionDaemon daemon)
        {
            for (var idle = 0; idle < 3;)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the daemons did not catch up within 90 s");
                switch (await daemon.StepAsync(HauteGaronne))
                {
                    case DaemonStep.Busy: Interlocked.Increment(ref busy); await Task.Yield(); break;
                    // Idle also when other test assemblies' open transactions hold the global reader back: that idle does not count.
                    case DaemonStep.Idle when (await daemon.LagAsync(HauteGaronne)).EventsHeldBack > 0: idle = 0; await WaitUntilNothingHeldBackAsync(daemon); break;
                    case DaemonStep.Idle: idle++; break;
                    default: idle = 0; break;
                }
            }
        }

        await Task.WhenAll(Task.Run(() => Drive(first)), Task.Run(() => Drive(second)));

        (await models.Daemon.LagAsync(HauteGaronne)).IsUpToDate.ShouldBeTrue();
        (await ProjectedAsync(models)).ShouldEqualCells(await BruteForceAsync(models.Store, models.Catalogue.Definitions, new LocalDate(2025, 7, 1)));
    }
}

/// <summary>
/// The daemon's own loop (as the server hosts it), with its coalescing: appends arriving while it runs are all projected,
/// and the cells it deferred are recomputed when their interval has passed, with no help from a caller and long before
/// the safety poll.
/// </summary>
public sealed class DaemonLoopTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    [Fact]
    public async Task The_running_daemon_projects_appends_as_they_come_and_recomputes_the_deferred_cells()
    {
        var (models, _) = await db.OpenAsync();
        var options = new DaemonRunOptions
        {
            SafetyPoll = TimeSpan.FromMinutes(5),
            MinRoundInterval = TimeSpan.FromMilliseconds(100),
            CellRefreshInterval = TimeSpan.FromSeconds(3),
        };
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => models.Daemon.RunAsync(options, stop.Token));

        // The people arrive in chunks while the daemon runs: its rounds project them, and recompute cells at most every 3 s (so the last ones wait).
        var people = await LoadSmallAsync(models.Store, seed: 17);
        people.Count.ShouldBeGreaterThan(200);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        ProjectionLag lag;
        while (!((lag = await models.Daemon.LagAsync(HauteGaronne)) is { IsUpToDate: true, EventsHeldBack: 0 }) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        running.IsFaulted.ShouldBeFalse();
        lag.IsUpToDate.ShouldBeTrue($"still behind after 60 s without any caller's catch-up: {lag}");

        await stop.CancelAsync();
        await running;
        (await ProjectedAsync(models)).ShouldEqualCells(await BruteForceAsync(models.Store, models.Catalogue.Definitions, new LocalDate(2025, 7, 1)));
    }
}

/// <summary>
/// Re-evaluating a case writes only the result rows that change: the others keep their row version (no dead entry is
/// left in the key for the next insertion to step over), and only the cohorts of changed rows are marked for new cells.
/// </summary>
public sealed class ResultRowsTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    [Fact]
    public async Task Re_evaluating_cases_writes_only_the_rows_that_change_and_marks_only_their_cohorts()
    {
        var (models, _) = await db.OpenAsync();
        await LoadSmallAsync(models.Store, seed: 17);
        (await models.Daemon.CatchUpOrWaitAsync(HauteGaronne, TimeSpan.FromSeconds(60))).ShouldBeTrue();
        var cases = await ScalarsAsync<Guid>("SELECT DISTINCT case_id FROM parcours_read.indicator_results ORDER BY case_id LIMIT 300");
        var today = (await ScalarsAsync<DateOnly>("SELECT DISTINCT evaluated_on FROM parcours_read.case_reviews")).Single();
        var streams = await models.Store.ReadStreamsAsync(HauteGaronne, [.. cases.Select(c => new Parcours.EventStore.StreamId(c))]);
        var before = await RowsAsync(cases);

        await ProjectAsync(models, streams, new LocalDate(today.Year, today.Month, today.Day));
        (await RowsAsync(cases)).ShouldBe(before); // same rows, same row versions: nothing was written
        (await ScalarsAsync<string>("SELECT definition_id FROM parcours_read.dirty_cohorts")).ShouldBeEmpty();

        // Forty days later some windows have closed: those rows change, the others stay as they were.
        var later = new LocalDate(today.Year, today.Month, today.Day).PlusDays(40);
        await ProjectAsync(models, streams, later);
        var after = await RowsAsync(cases);
        var expected = models.Projection.Evaluate(streams, later, parallel: false).SelectMany(e => e.Results).Select(ResultRows.Of).ToList();
        after.Keys.Order().ShouldBe(expected.Select(e => e.Item1).Select(k =>
            $"{k.DefinitionId} {k.DefinitionVersion} {k.Cohort:yyyy-MM-dd} {k.CaseId} {k.Episode} {k.Occurrence}").Order());
        var changed = after.Where(a => !before.TryGetValue(a.Key, out var b) || b.Values != a.Value.Values).Select(a => a.Key)
            .Concat(before.Keys.Where(k => !after.ContainsKey(k))).ToList();
        changed.Count.ShouldBeGreaterThan(0);
        changed.Count.ShouldBeLessThan(after.Count);
        after.Where(a => before.TryGetValue(a.Key, out var b) && b.Values == a.Value.Values)
            .ShouldAllBe(a => before[a.Key].Version == a.Value.Version);
        var dirty = await ScalarsAsync<string>("SELECT definition_id || ' ' || definition_version || ' ' || cohort FROM parcours_read.dirty_cohorts");
        dirty.Order().ShouldBe(changed.Select(k => before.TryGetValue(k, out var b) ? b.Cohort : after[k].Cohort).Distinct().Order());
    }

    private async Task ProjectAsync(ReadModels models, IReadOnlyDictionary<Parcours.EventStore.StreamId, IReadOnlyList<Parcours.EventStore.StoredEvent>> streams, LocalDate asOf)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await models.Projection.ProjectCasesAsync(connection, transaction, HauteGaronne, streams, asOf, default);
        await transaction.CommitAsync();
    }

    /// <summary>Each stored row of these cases by its key: its row version, its values, and its definition and cohort.</summary>
    private async Task<Dictionary<string, (string Version, string Values, string Cohort)>> RowsAsync(IReadOnlyList<Guid> cases)
    {
        await using var command = db.DataSource.CreateCommand(
            """
            SELECT concat_ws(' ', definition_id, definition_version, to_char(cohort, 'YYYY-MM-DD'), case_id, episode, occurrence),
                   xmin::text, (outcome, reason, start_on, end_on, deadline_on, delay_days, mature, territory, track, organisation, source_versions)::text,
                   definition_id || ' ' || definition_version || ' ' || cohort
            FROM parcours_read.indicator_results WHERE case_id = ANY($1)
            """);
        command.Parameters.Add(new() { Value = cases.ToArray() });
        var rows = new Dictionary<string, (string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2), reader.GetString(3));
        return rows;
    }

    private async Task<List<T>> ScalarsAsync<T>(string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        var values = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }
}
