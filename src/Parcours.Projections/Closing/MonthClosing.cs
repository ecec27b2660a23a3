using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.Application;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Indicators;

namespace Parcours.Projections.Closing;

/// <summary>
/// Monthly closing (clôture) and revisions. <see cref="CloseMonthAsync"/> freezes a month's published figures: every
/// definition of the catalogue, each cell with its breakdowns, and the per-person results behind them, computed by the
/// engine from the log as it stood at one global position (read in a <see cref="LogSnapshot"/>), with the closing
/// instant, the actor and a SHA-256 content hash. A month is closed once: closing it again is refused
/// (<see cref="ClosingException"/>, code <c>month-already-closed</c>); only a month that is over can be closed.
/// <see cref="RevisionsAsync"/> recomputes the month from the whole log today and lists each figure that moved, with the
/// cases whose results changed and the events of those cases recorded after the closing's position.
/// <para>The content hash is SHA-256 over UTF-8 lines joined by '\n': the header
/// <c>closing|tenant|yyyy-MM|closed_at (UTC, microseconds)|actor|xact:seq|evaluated_on</c>, then one <c>cell|…</c> line per
/// cell and one <c>result|…</c> line per result, every column in table order, '|'-separated, NULL written <c>\N</c>,
/// dates ISO, sorted by key in byte order. It is computed from the stored rows, so that <see cref="VerifyClosingAsync"/>
/// recomputes the same bytes, and any later UPDATE of a frozen row shows.</para>
/// </summary>
public sealed class MonthClosing(NpgsqlDataSource dataSource, EventStore.EventStore store, IndicatorCatalogue catalogue, IClock clock)
{
    private const string C = ClosingSchema.Name;
    private const string Null = "'\\N'";

    private readonly MonthEvaluation evaluation = new(store, catalogue);

    /// <summary>Closes <paramref name="month"/> for <paramref name="tenant"/> on behalf of <paramref name="actor"/>.</summary>
    /// <exception cref="ClosingException">The month is not over, or is already closed.</exception>
    /// <exception cref="UnknownTenantException">The tenant is not registered.</exception>
    public async Task<ClosingRecord> CloseMonthAsync(TenantId tenant, YearMonth month, string actor, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var now = clock.GetCurrentInstant();
        var today = ParisCalendar.DateOf(now);
        if (month >= today.ToYearMonth())
            throw new ClosingException("month-not-over", $"Le mois {Format(month)} n'est pas terminé : il pourra être clos à partir du {Format(month.PlusMonths(1))}-01.");
        await EnsureTenantAsync(tenant, ct);
        if (await GetAsync(tenant, month, ct) is { } existing) throw AlreadyClosed(existing);

        await WaitForHeldBackEventsAsync(tenant, ct);
        IReadOnlyList<IndicatorResult> results;
        GlobalPosition position;
        await using (var log = await LogSnapshot.BeginAsync(dataSource, ct))
        {
            position = log.Position;
            results = await evaluation.ResultsAsync(log.Connection, log.Transaction, tenant, month, today, position, ct);
            await log.CommitAsync(ct);
        }
        var cells = evaluation.Cells(month, results);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var closedAt = Instant.FromUnixTimeTicks(now.ToUnixTimeTicks() / 10 * 10); // microseconds, as timestamptz keeps them
        try
        {
            await using var insert = new NpgsqlCommand(
                $"""
                INSERT INTO {C}.closings (tenant, month, closed_at, closed_by, xact_id, seq, evaluated_on, content_hash)
                VALUES ($1, $2, $3, $4, $5::text::xid8, $6, $7, '')
                """, connection, transaction)
            {
                Parameters =
                {
                    new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text },
                    new() { Value = Db.FirstDay(month), NpgsqlDbType = NpgsqlDbType.Date },
                    new() { Value = closedAt.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz },
                    new() { Value = actor, NpgsqlDbType = NpgsqlDbType.Text },
                    new() { Value = position.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlDbType.Text },
                    new() { Value = position.Sequence, NpgsqlDbType = NpgsqlDbType.Bigint },
                    Db.Date(today),
                },
            };
            await insert.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync(ct);
            throw AlreadyClosed((await GetAsync(tenant, month, ct))!);
        }

        foreach (var byDefinition in cells.GroupBy(c => (c.DefinitionId, c.DefinitionVersion)))
        {
            await IndicatorProjection.WriteCellsAsync(connection, $"{C}.closed_cells", "month", tenant.Code, byDefinition.Key.DefinitionId,
                byDefinition.Key.DefinitionVersion, byDefinition.Select(c => KeyValuePair.Create(c.Key, c.Figures)), ct);
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY {C}.closed_results ({IndicatorProjection.ResultColumns("month")}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var result in results) IndicatorProjection.WriteResult(copy, tenant.Code, result);
            await copy.CompleteAsync(ct);
        }

        var hash = await ContentHashAsync(connection, transaction, tenant, month, ct);
        await using (var update = new NpgsqlCommand($"UPDATE {C}.closings SET content_hash = $3 WHERE tenant = $1 AND month = $2", connection, transaction))
        {
            update.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = Db.FirstDay(month), NpgsqlDbType = NpgsqlDbType.Date });
            update.Parameters.Add(new() { Value = hash, NpgsqlDbType = NpgsqlDbType.Bytea });
            await update.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return new ClosingRecord(tenant, month, closedAt, actor, position, today, Convert.ToHexStringLower(hash));
    }

    /// <summary>The closing of this month, or null if it is not closed.</summary>
    /// <summary>
    /// The closing reads the log's gap-free prefix (see <c>EventStore.ReadAll.cs</c>): events already committed but behind
    /// an older transaction still open anywhere on the server are not in it yet, and would show as revisions at once.
    /// Such transactions are short; wait for them (10 s at most, then close on what is readable: the position says so).
    /// </summary>
    private async Task WaitForHeldBackEventsAsync(TenantId tenant, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (!await store.HasEventsHeldBackAsync(tenant, ct)) return;
            await Task.Delay(50, ct);
        }
    }

    public async Task<ClosingRecord?> GetAsync(TenantId tenant, YearMonth month, CancellationToken ct = default) =>
        (await ReadClosingsAsync(tenant, month, ct)).SingleOrDefault();

    /// <summary>Every closing of the tenant, oldest month first.</summary>
    public Task<IReadOnlyList<ClosingRecord>> ListAsync(TenantId tenant, CancellationToken ct = default) => ReadClosingsAsync(tenant, null, ct);

    /// <summary>The frozen figures of a closed month, in key order.</summary>
    /// <exception cref="ClosingException">The month is not closed.</exception>
    public async Task<IReadOnlyList<ClosedFigure>> PublishedAsync(TenantId tenant, YearMonth month, CancellationToken ct = default)
    {
        await RequireAsync(tenant, month, ct);
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT definition_id, definition_version, {IndicatorReports.CellColumns("month")} FROM {C}.closed_cells
            WHERE tenant = $1 AND month = $2 ORDER BY definition_id COLLATE "C", definition_version, breakdown COLLATE "C", value COLLATE "C"
            """);
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = Db.FirstDay(month), NpgsqlDbType = NpgsqlDbType.Date });
        var figures = new List<ClosedFigure>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (key, cell) = IndicatorReports.ReadCell(reader, 2);
            figures.Add(new ClosedFigure(reader.GetString(0), reader.GetInt32(1), key, cell));
        }
        return figures;
    }

    /// <summary>Recomputes the content hash from the stored rows and compares it with the one stored at the closing.</summary>
    /// <exception cref="ClosingException">The month is not closed.</exception>
    public async Task<ClosingVerification> VerifyClosingAsync(TenantId tenant, YearMonth month, CancellationToken ct = default)
    {
        var closing = await RequireAsync(tenant, month, ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return new ClosingVerification(closing, Convert.ToHexStringLower(await ContentHashAsync(connection, null, tenant, month, ct)));
    }

    /// <summary>
    /// Each figure of the closed month whose value today (from the whole log, as of today) differs from the published
    /// one, with the cases behind the change and the events recorded after the closing's position.
    /// </summary>
    /// <exception cref="ClosingException">The month is not closed.</exception>
    public async Task<MonthRevisions> RevisionsAsync(TenantId tenant, YearMonth month, CancellationToken ct = default)
    {
        var closing = await RequireAsync(tenant, month, ct);
        var today = ParisCalendar.Today(clock);
        var published = await PublishedAsync(tenant, month, ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var publishedResults = await PublishedResultsAsync(connection, tenant, month, ct);
        var currentResults = await evaluation.ResultsAsync(connection, null, tenant, month, today, null, ct);
        var current = evaluation.Cells(month, currentResults);

        // Per definition and case: the results then and now, and whether they differ.
        var then = publishedResults.ToLookup(r => (r.DefinitionId, r.DefinitionVersion, r.CaseId));
        var now = currentResults.ToLookup(r => (r.DefinitionId, r.DefinitionVersion, r.CaseId));
        var changed = then.Select(g => g.Key).Union(now.Select(g => g.Key))
            .Where(k => !then[k].Select(Canonical).Order(StringComparer.Ordinal).SequenceEqual(now[k].Select(Canonical).Order(StringComparer.Ordinal)))
            .ToList();
        var events = await EventsSinceAsync(connection, tenant, changed.Select(k => k.CaseId).Distinct().ToList(), closing.Position, ct);

        var publishedByKey = published.ToDictionary(f => (f.DefinitionId, f.DefinitionVersion, f.Key), f => f.Figures);
        var currentByKey = current.ToDictionary(f => (f.DefinitionId, f.DefinitionVersion, f.Key), f => f.Figures);
        var revisions = new List<FigureRevision>();
        foreach (var key in publishedByKey.Keys.Union(currentByKey.Keys).OrderBy(k => k.DefinitionId, StringComparer.Ordinal)
                     .ThenBy(k => k.DefinitionVersion).ThenBy(k => k.Key.Breakdown).ThenBy(k => k.Key.Value, StringComparer.Ordinal))
        {
            var before = publishedByKey.GetValueOrDefault(key);
            var after = currentByKey.GetValueOrDefault(key);
            if (before == after) continue;
            var cases = changed
                .Where(c => c.DefinitionId == key.DefinitionId && c.DefinitionVersion == key.DefinitionVersion)
                .Where(c => then[c].Concat(now[c]).Any(r => InCell(r, key.Key)))
                .Select(c => new CaseRevision(c.CaseId, [.. then[c]], [.. now[c]], events.GetValueOrDefault(c.CaseId) ?? []))
                .OrderBy(c => c.CaseId.Value)
                .ToList();
            revisions.Add(new FigureRevision(key.DefinitionId, key.DefinitionVersion, key.Key, before, after, cases));
        }
        return new MonthRevisions(closing, today, revisions);
    }

    private static bool InCell(IndicatorResult result, CohortKey key) =>
        key.Breakdown is not { } breakdown || (result.BreakdownKeys.GetValueOrDefault(breakdown) ?? "") == (key.Value ?? "");

    /// <summary>Every field of a result that a figure depends on, as one comparable string.</summary>
    private static string Canonical(IndicatorResult r) => string.Join('|',
        r.Episode, r.Occurrence, r.Outcome, r.Reason, r.Start, r.End, r.Deadline, r.DelayDays, r.Cohort, r.Mature,
        string.Join(',', r.BreakdownKeys.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}")));

    private async Task<Dictionary<CaseId, IReadOnlyList<ResponsibleEvent>>> EventsSinceAsync(
        NpgsqlConnection connection, TenantId tenant, IReadOnlyList<CaseId> cases, GlobalPosition since, CancellationToken ct)
    {
        var events = new Dictionary<CaseId, IReadOnlyList<ResponsibleEvent>>();
        foreach (var chunk in cases.Chunk(4_000))
        {
            var streams = await store.ReadStreamsAsync(connection, null, tenant, [.. chunk.Select(c => new StreamId(c.Value))], ct);
            foreach (var (id, stored) in streams)
            {
                events[new CaseId(id.Value)] =
                [
                    .. stored.Where(e => e.Position > since).Select(e => new ResponsibleEvent(
                        e.Version, e.TypeName, ((IPathwayEvent)e.Data).BusinessDate, e.RecordedAt, e.RecordedBy, e.Position)),
                ];
            }
        }
        return events;
    }

    private static async Task<IReadOnlyList<IndicatorResult>> PublishedResultsAsync(
        NpgsqlConnection connection, TenantId tenant, YearMonth month, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {IndicatorResults.Columns("month")}, definition_id, definition_version FROM {C}.closed_results WHERE tenant = $1 AND month = $2",
            connection);
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = Db.FirstDay(month), NpgsqlDbType = NpgsqlDbType.Date });
        var results = new List<IndicatorResult>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) results.Add(IndicatorResults.Map(reader, reader.GetString(15), reader.GetInt32(16)));
        return results;
    }

    /// <summary>SHA-256 of the canonical serialisation (see the class summary), from the stored rows.</summary>
    private static async Task<byte[]> ContentHashAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, TenantId tenant, YearMonth month, CancellationToken ct)
    {
        static string Line(string kind, params string[] columns) =>
            $"'{kind}|' || " + string.Join(" || '|' || ", columns.Select(c => $"coalesce({c}, {Null})"));
        static string Day(string column) => $"to_char({column}, 'YYYY-MM-DD')";
        var cell = Line("cell", "definition_id", "definition_version::text", "breakdown", "value", "numerator::text", "denominator::text",
            "rate::text", "mean_delay_days::text", "median_delay_days::text", "pending::text", "excluded::text", "provisional::text");
        var result = Line("result", "definition_id", "definition_version::text", "case_id::text", "episode::text", "occurrence::text", "outcome",
            "reason", Day("start_on"), Day("end_on"), Day("deadline_on"), "delay_days::text", "mature::text", "territory", "track",
            "organisation", "source_versions::text");
        var header = Line("closing", "tenant", "to_char(month, 'YYYY-MM')",
            "to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')", "closed_by", "xact_id::text || ':' || seq::text", Day("evaluated_on"));
        await using var command = new NpgsqlCommand(
            $"""
            SELECT line FROM (
                SELECT 0 AS part, {header} COLLATE "C" AS line FROM {C}.closings WHERE tenant = $1 AND month = $2
                UNION ALL
                SELECT 1, {cell} COLLATE "C" FROM {C}.closed_cells WHERE tenant = $1 AND month = $2
                UNION ALL
                SELECT 2, {result} COLLATE "C" FROM {C}.closed_results WHERE tenant = $1 AND month = $2
            ) lines ORDER BY part, line
            """, connection, transaction);
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = Db.FirstDay(month), NpgsqlDbType = NpgsqlDbType.Date });
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var first = true;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!first) hash.AppendData("\n"u8);
            hash.AppendData(Encoding.UTF8.GetBytes(reader.GetString(0)));
            first = false;
        }
        return hash.GetHashAndReset();
    }

    private async Task<IReadOnlyList<ClosingRecord>> ReadClosingsAsync(TenantId tenant, YearMonth? month, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT month, closed_at, closed_by, xact_id::text, seq, evaluated_on, content_hash FROM {C}.closings
            WHERE tenant = $1 AND ($2::date IS NULL OR month = $2) ORDER BY month
            """);
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = month is { } m ? Db.FirstDay(m) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        var closings = new List<ClosingRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            closings.Add(new ClosingRecord(
                tenant, Db.MonthOf(reader.GetFieldValue<DateOnly>(0)), Instant.FromDateTimeUtc(reader.GetDateTime(1)), reader.GetString(2),
                new GlobalPosition(ulong.Parse(reader.GetString(3)), reader.GetInt64(4)), Db.FromDate(reader.GetFieldValue<DateOnly>(5)),
                Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(6))));
        }
        return closings;
    }

    private async Task<ClosingRecord> RequireAsync(TenantId tenant, YearMonth month, CancellationToken ct) =>
        await GetAsync(tenant, month, ct)
        ?? throw new ClosingException("month-not-closed", $"Le mois {Format(month)} du département {tenant} n'est pas clos.");

    private async Task EnsureTenantAsync(TenantId tenant, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!(await ProjectionDaemon.TenantsAsync(connection, null, ct)).Contains(tenant)) throw new UnknownTenantException(tenant);
    }

    private static ClosingException AlreadyClosed(ClosingRecord closing) =>
        new("month-already-closed",
            $"Le mois {Format(closing.Month)} du département {closing.Tenant} est déjà clos (le {ParisCalendar.DateOf(closing.ClosedAt):dd/MM/yyyy}, "
            + $"par {closing.ClosedBy}, empreinte {closing.ContentHash[..12]}…) : une clôture ne se refait pas ; les changements apparaissent comme révisions.");

    private static string Format(YearMonth month) => month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
