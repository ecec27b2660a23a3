using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.EventStore.Notifications;
using Parcours.EventStore.Projections;
using Parcours.Projections.Schema;

namespace Parcours.Projections.Indicators;

/// <summary>What one step of the daemon did for a tenant.</summary>
public enum DaemonStep
{
    /// <summary>Projected a batch of new events.</summary>
    Projected,

    /// <summary>Re-evaluated cases whose results change with the date (a window closed, a new month).</summary>
    Reviewed,

    /// <summary>Recomputed the cells of cohorts whose results had changed.</summary>
    Refreshed,

    /// <summary>Nothing to do: the projection is up to date for today.</summary>
    Idle,

    /// <summary>Another daemon holds this tenant's lock and is working: nothing done.</summary>
    Busy,
}

/// <summary>How <see cref="ProjectionDaemon.RunAsync"/> waits, retries and reports.</summary>
public sealed record DaemonRunOptions
{
    /// <summary>Longest sleep without a notification: also when the day's reviews are picked up.</summary>
    public TimeSpan SafetyPoll { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sleep while committed events are held back by an older open transaction (they bring no new notification).</summary>
    public TimeSpan HeldBackPoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Shortest time from the start of one working round to the start of the next: under a steady flow of commands the
    /// daemon then projects the events of this interval in one step instead of one step per notification (each step has
    /// a fixed cost: lock, checkpoint, reader, commit). Zero: a round starts as soon as a notification comes.
    /// </summary>
    public TimeSpan MinRoundInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Shortest time between two recomputations of a tenant's dirty cells by <see cref="ProjectionDaemon.RunAsync"/>: a
    /// recomputation aggregates every result of each dirty cohort, so under a steady flow of commands it runs once per
    /// interval for all of them rather than after every batch. Cells left dirty are recomputed when the interval has passed
    /// (the daemon wakes for it). Zero: after every batch.
    /// </summary>
    public TimeSpan CellRefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A transient failure, and the pause before the next round.</summary>
    public Action<Exception, TimeSpan>? OnError { get; init; }

    /// <summary>After each round that caught every tenant up.</summary>
    public Action? OnCaughtUp { get; init; }

    /// <summary>The pause after the n-th consecutive failure: doubling from the first delay, capped.</summary>
    public TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Min(failures - 1, 30))));
}

/// <summary>How far the indicator projection of a tenant is behind the log.</summary>
/// <param name="EventsBehind">The tenant's committed events after the checkpoint and below the high-water mark (the other
/// tenants' events do not make it late).</param>
/// <param name="CasesDue">Cases whose results are due for re-evaluation today.</param>
/// <param name="DirtyCohorts">Cohorts whose cells wait to be recomputed.</param>
/// <param name="EventsHeldBack">The tenant's committed events the reader cannot pass yet (an older transaction is open).</param>
public sealed record ProjectionLag(GlobalPosition Checkpoint, GlobalPosition HighWater, long EventsBehind, long CasesDue, long DirtyCohorts, long EventsHeldBack = 0)
{
    public bool IsUpToDate => EventsBehind == 0 && CasesDue == 0 && DirtyCohorts == 0;
}

/// <summary>
/// The asynchronous indicator projection's worker. Each step runs in ONE transaction that first takes a transaction-level
/// advisory lock for (projection, tenant) with pg_try_advisory_xact_lock: two daemons (two servers) never work on the same
/// tenant at once; the loser does nothing that round. Inside the lock the step reads the checkpoint, the next batch of
/// the tenant's events from the gap-free global reader, re-folds every case the batch touched from its whole stream,
/// replaces those cases' results, and saves the checkpoint, all in the same transaction. A crash anywhere rolls all of it
/// back; a replay replaces rows with equal rows. Hence the exactly-once effect without any counter to double.
/// When no event is waiting, the step re-evaluates the cases due for review today, then recomputes dirty cells.
/// </summary>
public sealed class ProjectionDaemon(
    NpgsqlDataSource dataSource, EventStore.EventStore store, IndicatorProjection projection, IClock clock, int batchSize = 2_000)
{
    public const string ProjectionName = "indicators";

    private const string S = ReadModelSchema.Name;

    /// <summary>Test hook: runs inside the step's transaction just before it commits (e.g. to simulate a crash).</summary>
    internal Func<DaemonStep, Task>? BeforeCommit { get; set; }

    private readonly ProjectionCheckpoints checkpoints = new(dataSource, clock);

    /// <summary>When each tenant's checkpoint was last moved past other tenants' events alone.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<TenantId, Instant> skipsSaved = new();

    private static readonly Duration SkipSaveInterval = Duration.FromSeconds(5);

    /// <summary>One unit of work for one tenant.</summary>
    public Task<DaemonStep> StepAsync(TenantId tenant, CancellationToken ct = default) => StepAsync(tenant, refreshCells: true, ct);

    /// <summary>One unit of work; without <paramref name="refreshCells"/>, dirty cells are left for a later step (Idle then).</summary>
    private async Task<DaemonStep> StepAsync(TenantId tenant, bool refreshCells, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await TryLockAsync(connection, transaction, tenant, ct)) return DaemonStep.Busy;

        var today = ParisCalendar.Today(clock);
        var step = DaemonStep.Idle;
        var checkpoint = await checkpoints.LoadAsync(ProjectionName, tenant, ct);
        var batch = await store.ReadAllAsync(checkpoint, batchSize, tenant, ct);
        if (batch.Events.Count > 0)
        {
            var cases = batch.Events.Select(e => e.StreamId).Distinct().ToList();
            var streams = await store.ReadStreamsAsync(connection, transaction, tenant, cases, ct);
            await projection.ProjectCasesAsync(connection, transaction, tenant, streams, today, ct);
            await checkpoints.SaveAsync(connection, transaction, ProjectionName, tenant, batch.Next, ct);
            step = DaemonStep.Projected;
        }
        else
        {
            // None of this tenant's events, but maybe the other tenants': pass them, so that the next read does not scan
            // them again. At most every few seconds per tenant: a daemon steps every tenant at each round.
            var now = clock.GetCurrentInstant();
            if (batch.Next > checkpoint && (!skipsSaved.TryGetValue(tenant, out var saved) || now - saved >= SkipSaveInterval))
            {
                await checkpoints.SaveAsync(connection, transaction, ProjectionName, tenant, batch.Next, ct);
                skipsSaved[tenant] = now;
            }
            if (await DueCasesAsync(connection, transaction, tenant, today, ct) is { Count: > 0 } due)
            {
                var streams = await store.ReadStreamsAsync(connection, transaction, tenant, due, ct);
                await projection.ProjectCasesAsync(connection, transaction, tenant, streams, today, ct);
                step = DaemonStep.Reviewed;
            }
            else if (refreshCells && await projection.RefreshCellsAsync(connection, transaction, tenant, ct) > 0)
            {
                step = DaemonStep.Refreshed;
            }
        }

        if (BeforeCommit is { } hook) await hook(step);
        await transaction.CommitAsync(ct);
        return step;
    }

    /// <summary>Steps until idle (or busy: another daemon is at work); returns the number of working steps.</summary>
    public Task<int> CatchUpAsync(TenantId tenant, CancellationToken ct = default) => CatchUpAsync(tenant, refreshCells: true, ct);

    private async Task<int> CatchUpAsync(TenantId tenant, bool refreshCells, CancellationToken ct)
    {
        var steps = 0;
        while (await StepAsync(tenant, refreshCells, ct) is not (DaemonStep.Idle or DaemonStep.Busy)) steps++;
        return steps;
    }

    /// <summary>
    /// Catches up like <see cref="CatchUpAsync"/>, and when another daemon (the server's) holds the tenant, waits until it
    /// has projected every event committed so far and refreshed the cells (<see cref="ProjectionLag.IsUpToDate"/>), so that a
    /// report read next counts them. Gives up after
    /// <paramref name="timeout"/> (then the caller reads what is projected, and the lag says how far behind it is).
    /// </summary>
    public async Task<bool> CatchUpOrWaitAsync(TenantId tenant, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await CatchUpAsync(tenant, ct);
            // Also wait for committed events the reader cannot pass yet (an older transaction open anywhere on the server).
            if (await LagAsync(tenant, ct) is { IsUpToDate: true, EventsHeldBack: 0 }) return true;
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(50, ct);
        }
    }

    /// <summary>
    /// Runs until cancelled: moves the stream anchors (<see cref="EventStore.EventStore.AnchorStreamHeadsAsync"/>), catches
    /// every registered tenant up, reports it through <see cref="DaemonRunOptions.OnCaughtUp"/>,
    /// then waits for a notification of new events (or the safety poll, which also brings the day's reviews). A transient
    /// database failure is reported and the round retried after a pause that doubles on each consecutive failure (from
    /// <see cref="DaemonRunOptions.FirstRetryDelay"/> up to <see cref="DaemonRunOptions.MaxRetryDelay"/>).
    /// Under load the work is coalesced: a working round starts at least <see cref="DaemonRunOptions.MinRoundInterval"/>
    /// after the previous one, and a tenant's dirty cells are recomputed at most once per
    /// <see cref="DaemonRunOptions.CellRefreshInterval"/> (the events themselves are all projected in every round).
    /// </summary>
    public async Task RunAsync(DaemonRunOptions? options = null, CancellationToken ct = default)
    {
        options ??= new DaemonRunOptions();
        await using var notifications = new EventNotifications(dataSource);
        await notifications.StartAsync(ct);
        var lastRefresh = new Dictionary<TenantId, long>();     // Stopwatch timestamps of each tenant's last cell recomputation
        var cellsWaiting = new HashSet<TenantId>();             // tenants whose cells may be dirty and were not recomputed
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            // Taken before reading the log, so that a notification arriving during the round is not missed.
            var notified = notifications.WaitAsync(options.SafetyPoll, ct);
            var roundStart = Stopwatch.GetTimestamp();
            try
            {
                // The event store's own follower first: stream anchors, which let verification see removed events.
                while (await store.AnchorStreamHeadsAsync(cancellationToken: ct) > 0) { }
                var worked = false;
                foreach (var tenant in await TenantsAsync(ct))
                {
                    var refresh = !lastRefresh.TryGetValue(tenant, out var last) || Stopwatch.GetElapsedTime(last) >= options.CellRefreshInterval;
                    var steps = await CatchUpAsync(tenant, refresh, ct);
                    worked |= steps > 0;
                    if (refresh)
                    {
                        lastRefresh[tenant] = Stopwatch.GetTimestamp();
                        cellsWaiting.Remove(tenant);
                    }
                    else if (steps > 0)
                    {
                        cellsWaiting.Add(tenant); // its batches marked cohorts dirty
                    }
                }
                failures = 0;
                options.OnCaughtUp?.Invoke();

                // Events already committed but held back by an older open transaction (see EventStore.ReadAll.cs) come
                // with no further notification: look again soon rather than at the safety poll. Cells left dirty: look
                // again when their interval has passed.
                var wait = options.SafetyPoll;
                if (options.HeldBackPoll < wait && await store.HasEventsHeldBackAsync(cancellationToken: ct)) wait = options.HeldBackPoll;
                foreach (var tenant in cellsWaiting)
                {
                    var due = options.CellRefreshInterval - Stopwatch.GetElapsedTime(lastRefresh[tenant]);
                    if (due < wait) wait = due > TimeSpan.Zero ? due : TimeSpan.Zero;
                }
                if (worked && Stopwatch.GetElapsedTime(roundStart) is var spent && spent < options.MinRoundInterval)
                    await Task.Delay(options.MinRoundInterval - spent, ct);
                using (var timer = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    await Task.WhenAny(notified, Task.Delay(wait, timer.Token));
                    await timer.CancelAsync();
                }
                ct.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsTransient(e))
            {
                var delay = options.RetryDelay(++failures);
                options.OnError?.Invoke(e, delay);
                await Task.Delay(delay, ct).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    /// <summary>A failure worth retrying: the database unreachable, a connection lost, a timeout, a serialisation or deadlock abort.</summary>
    public static bool IsTransient(Exception e) =>
        e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or System.IO.IOException
        || (e is EventStoreException && e.InnerException is { } inner && IsTransient(inner));

    public async Task<ProjectionLag> LagAsync(TenantId tenant, CancellationToken ct = default)
    {
        var checkpoint = await checkpoints.LoadAsync(ProjectionName, tenant, ct);
        var progress = await store.GetReaderProgressAsync(checkpoint, ct, tenant);
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT (SELECT count(*) FROM {S}.case_reviews WHERE tenant = $1 AND review_on <= $2),
                   (SELECT count(*) FROM {S}.dirty_cohorts WHERE tenant = $1)
            """);
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(Db.Date(ParisCalendar.Today(clock)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ProjectionLag(checkpoint, progress.HighWater, progress.EventsBehind, reader.GetInt64(0), reader.GetInt64(1), progress.EventsHeldBack);
    }

    /// <summary>Every registered tenant, by code.</summary>
    public async Task<IReadOnlyList<TenantId>> TenantsAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await TenantsAsync(connection, null, ct);
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, CancellationToken ct)
    {
        await using var command = LockCommand("pg_try_advisory_xact_lock", connection, transaction, tenant);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Waits for this tenant's daemon lock (a rebuild's swap): the step at work finishes, the next ones are Busy until commit.</summary>
    internal static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, CancellationToken ct)
    {
        await using var command = LockCommand("pg_advisory_xact_lock", connection, transaction, tenant);
        await command.ExecuteNonQueryAsync(ct);
    }

    // Two-key form: a class for this projection, and the tenant's code hashed to an int (stable across processes).
    private static NpgsqlCommand LockCommand(string function, NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant) =>
        new($"SELECT {function}($1, hashtext($2))", connection, transaction)
        {
            Parameters =
            {
                new() { Value = LockClass, NpgsqlDbType = NpgsqlDbType.Integer },
                new() { Value = $"{ProjectionName}:{tenant.Code}", NpgsqlDbType = NpgsqlDbType.Text },
            },
        };

    /// <summary>"IN" in ASCII: the advisory lock class of the indicator projection.</summary>
    private const int LockClass = 0x494E;

    /// <summary>Every registered tenant, by code.</summary>
    internal static async Task<IReadOnlyList<TenantId>> TenantsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT code FROM {EventStore.Schema.EventStoreSchema.Name}.tenants ORDER BY code", connection, transaction);
        var tenants = new List<TenantId>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tenants.Add(TenantId.Parse(reader.GetString(0)));
        return tenants;
    }

    private async Task<IReadOnlyList<StreamId>> DueCasesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, LocalDate today, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT case_id FROM {S}.case_reviews WHERE tenant = $1 AND review_on <= $2 ORDER BY review_on LIMIT $3", connection, transaction)
        {
            Parameters =
            {
                new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text },
                Db.Date(today),
                new() { Value = batchSize, NpgsqlDbType = NpgsqlDbType.Integer },
            },
        };
        var due = new List<StreamId>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) due.Add(new StreamId(reader.GetGuid(0)));
        return due;
    }
}
