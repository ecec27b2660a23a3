using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.EventStore.Internal;
using static Parcours.EventStore.Internal.Sql;

namespace Parcours.EventStore;

public sealed partial class EventStore
{
    private const int AnyVersionAttempts = 3;

    /// <summary>
    /// Appends <paramref name="events"/> to one stream in its own transaction, atomically: all or nothing.
    /// Throws <see cref="ConcurrencyException"/> when the stream is not at <paramref name="expected"/>.
    /// With an <paramref name="idempotencyKey"/>, a repeated call (even racing the first) returns the first call's
    /// result with <see cref="AppendResult.Replayed"/> set, and writes nothing.
    /// Without inline projections this is one statement in autocommit, one round trip; with them, the projections
    /// run on the same transaction before its commit.
    /// </summary>
    /// <param name="knownHistory">The stream's events as the caller read them before deciding (see <see cref="KnownHistories"/>):
    /// the inline projections then need not read the stream again. Used only if it is exactly what preceded the append.</param>
    public async Task<AppendResult> AppendAsync(
        TenantId tenant, StreamId streamId, string streamType, ExpectedVersion expected, IReadOnlyList<object> events,
        EventMetadata metadata, string? idempotencyKey = null, CancellationToken cancellationToken = default,
        IReadOnlyList<StoredEvent>? knownHistory = null)
    {
        var prepared = PreparedAppend.Create(tenant, streamType, events, metadata, idempotencyKey, Options.Types, Options.Json);
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                AppendResult result;
                if (Options.InlineProjections.Count == 0)
                {
                    result = await AppendCoreAsync(connection, null, streamId, expected, prepared, notifyInTransaction: false, null, cancellationToken);
                }
                else
                {
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    result = await AppendCoreAsync(connection, transaction, streamId, expected, prepared, notifyInTransaction: false, knownHistory, cancellationToken);
                    if (!result.Replayed) await transaction.CommitAsync(cancellationToken);
                }

                if (!result.Replayed) _commitNotifier.Committed(tenant.Code);
                return result;
            }
            catch (ConcurrencyException) when (expected.Value is null && attempt < AnyVersionAttempts)
            {
                // "Any" lost a race (to create the stream, or for the next version): the next attempt appends after the winner.
            }
        }
    }

    /// <summary>
    /// Appends inside the caller's transaction (to write other rows atomically with the events). The caller commits.
    /// After a thrown error the transaction is aborted and must be rolled back.
    /// </summary>
    public Task<AppendResult> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction,
        TenantId tenant, StreamId streamId, string streamType, ExpectedVersion expected, IReadOnlyList<object> events,
        EventMetadata metadata, string? idempotencyKey = null, CancellationToken cancellationToken = default,
        IReadOnlyList<StoredEvent>? knownHistory = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var prepared = PreparedAppend.Create(tenant, streamType, events, metadata, idempotencyKey, Options.Types, Options.Json);
        // The caller commits, so the notification rides in its transaction (PostgreSQL delivers it on commit).
        return AppendCoreAsync(connection, transaction, streamId, expected, prepared, notifyInTransaction: true, knownHistory, cancellationToken);
    }

    /// <summary>
    /// Calls <c>append_events</c> (see <see cref="Schema.AppendFunction"/>), which claims the key, locks the stream,
    /// checks the version, chains the hashes and writes, then runs the inline projections when there is a transaction.
    /// </summary>
    private async Task<AppendResult> AppendCoreAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, StreamId streamId, ExpectedVersion expected,
        PreparedAppend append, bool notifyInTransaction, IReadOnlyList<StoredEvent>? knownHistory, CancellationToken ct)
    {
        var now = PgTime.TruncateToMicroseconds(Options.Clock.GetCurrentInstant());
        var metadata = append.Metadata;
        var recordedAt = metadata.RecordedAtOverride is { } recordedThen ? PgTime.TruncateToMicroseconds(recordedThen) : now;
        Instant? appendedAt = metadata.RecordedAtOverride is null ? null : now;

        var count = append.Events.Count;
        var afterVersion = new byte[count][];
        for (var i = 0; i < count; i++)
            afterVersion[i] = EventHash.EncodeAfterVersion(new HashedContent(
                append.Tenant.Code, streamId.Value, Version: 0, append.TypeNames[i], append.Data[i], recordedAt,
                metadata.Actor, metadata.CausationId, metadata.CorrelationId, appendedAt));

        // The common command (one event at a known version, with or without a key, the wake-up after commit) is one plain
        // statement; when it writes nothing (unknown stream, another tenant's, a version not reached, a key already used),
        // the function below says why, or replays the key's first append.
        if (count == 1 && !notifyInTransaction && expected.Value is > 0)
        {
            (GlobalPosition Position, int Version)? atHead;
            try
            {
                atHead = await AppendAtHeadAsync(connection, transaction, streamId, expected.Value.Value, append, afterVersion[0], recordedAt, appendedAt, ct);
            }
            catch (PostgresException e) when (e.IsUniqueViolation("events_stream_version"))
            {
                // The writer of version expected + 1 has committed (the index waits for it otherwise). Name the version
                // now stored, read outside the caller's transaction, which this error has aborted.
                throw new ConcurrencyException(streamId, expected, await StoredVersionAsync(streamId, ct), e);
            }
            if (atHead is { } written)
                return await ProjectInlineAsync(connection, transaction, streamId, append, [written.Position], written.Version, recordedAt, appendedAt, knownHistory, ct);
        }

        await using var command = new NpgsqlCommand(
            $"SELECT out_xact_id, out_seq, out_version FROM {new Schema.AppendFunction().Name}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            connection, transaction)
        {
            Parameters =
            {
                Text(append.Tenant.Code), Uuid(streamId.Value), Text(append.StreamType), Int((int?)expected.Value),
                Text(append.IdempotencyKey), Timestamp(now), Timestamp(recordedAt), Text(metadata.Actor),
                Uuid(metadata.CausationId), Uuid(metadata.CorrelationId), Timestamp(appendedAt),
                Array(append.TypeNames, NpgsqlDbType.Text), Array(append.Data, NpgsqlDbType.Text),
                Bytes(EventHash.EncodeBeforeVersion(append.Tenant.Code, streamId.Value)), Array(afterVersion, NpgsqlDbType.Bytea),
                P(notifyInTransaction, NpgsqlDbType.Boolean),
            },
        };

        var positions = new GlobalPosition[count];
        var firstVersion = int.MaxValue;
        try
        {
            var rows = new List<(GlobalPosition Position, int Version)>(count);
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                    rows.Add((new(ulong.Parse(reader.GetString(0)), reader.GetInt64(1)), reader.GetInt32(2)));
            }

            if (rows.Count == 0) return await ReplayAsync(connection, transaction, streamId, append, ct);
            firstVersion = rows.Min(r => r.Version);
            foreach (var (position, version) in rows) positions[version - firstVersion] = position;
        }
        catch (PostgresException e) when (e.SqlState == Schema.AppendFunction.ConflictState)
        {
            throw new ConcurrencyException(streamId, expected, ActualVersion(e));
        }
        catch (PostgresException e) when (e.SqlState == Schema.AppendFunction.TenantMismatchState)
        {
            throw new StreamTenantMismatchException(streamId, append.Tenant);
        }
        catch (PostgresException e) when (e.IsUniqueViolation("events_stream_version") || e.IsUniqueViolation("streams_pkey"))
        {
            // Two writers both found no stream row to lock and both tried to create it, or a plain one-event append
            // (which takes no lock) wrote the version this call read as free.
            throw new ConcurrencyException(streamId, expected, null, e);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation && e.ConstraintName == "streams_tenant_fkey")
        {
            throw new UnknownTenantException(append.Tenant);
        }

        return await ProjectInlineAsync(connection, transaction, streamId, append, positions, firstVersion, recordedAt, appendedAt, knownHistory, ct);
    }

    /// <summary>Runs the inline projections on the events just written (in the caller's transaction), and returns the result.</summary>
    private async Task<AppendResult> ProjectInlineAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, StreamId streamId, PreparedAppend append,
        GlobalPosition[] positions, int firstVersion, Instant recordedAt, Instant? appendedAt, IReadOnlyList<StoredEvent>? knownHistory,
        CancellationToken ct)
    {
        var count = append.Events.Count;
        var metadata = append.Metadata;
        if (transaction is not null && Options.InlineProjections.Count > 0)
        {
            var stored = new StoredEvent[count];
            for (var i = 0; i < count; i++)
                stored[i] = new StoredEvent(positions[i], append.Tenant, streamId, firstVersion + i, append.TypeNames[i], append.Events[i],
                    recordedAt, metadata.Actor, metadata.CausationId, metadata.CorrelationId, appendedAt);
            var known = KnownHistories.Checked(append.Tenant, [(streamId, knownHistory, firstVersion)]);
            foreach (var projection in Options.InlineProjections)
                await projection.ApplyAsync(connection, transaction, stored, known, ct);
        }

        return new AppendResult(firstVersion + count - 1, positions);
    }

    /// <summary>
    /// One event at version <paramref name="expected"/> + 1 in one statement that writes one row (two with an idempotency
    /// key): the event is chained from the stream's event at <paramref name="expected"/> (same tenant), exactly as
    /// <c>append_events</c> chains it. No stream row is read or written. When the stream has moved past the expected
    /// version, version + 1 exists already (or is being written) and <c>events_stream_version</c> refuses this one (23505,
    /// after the concurrent writer commits): the optimistic check is the unique index itself.
    /// With a key, the key's row is inserted first in the same statement (<c>ON CONFLICT DO NOTHING</c>, which waits for a
    /// concurrent holder of the key), and the event only if the key was new; an error undoes both.
    /// Null when nothing was written (an unknown stream, another tenant's, a version not reached, a key already used):
    /// the caller falls back to the function, which raises the precise error or finds the key's first append.
    /// </summary>
    private static async Task<(GlobalPosition Position, int Version)?> AppendAtHeadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, StreamId streamId, long expected, PreparedAppend append,
        byte[] afterVersion, Instant recordedAt, Instant? appendedAt, CancellationToken ct)
    {
        const string Values = "$1, p.stream_id, p.version + 1, p.tenant, $2, $3, $4::json, sha256(p.hash || $5 || int8send((p.version + 1)::bigint) || $6), $7, $8, $9";
        const string Previous = $"FROM {S}.events p WHERE p.stream_id = $10 AND p.version = $11 AND p.tenant = $12";
        var sql = append.IdempotencyKey is null
            ? $"""
              INSERT INTO {S}.events ({Schema.EventsTable.WrittenColumns})
              SELECT {Values} {Previous}
              RETURNING xact_id::text, seq, version
              """
            : $"""
              WITH p AS (SELECT p.stream_id, p.version, p.tenant, p.hash {Previous}),
              k AS (
                  INSERT INTO {S}.idempotency_keys (tenant, key, stream_id, first_version, last_version, created_at)
                  SELECT p.tenant, $13, p.stream_id, p.version + 1, p.version + 1, now() FROM p
                  ON CONFLICT DO NOTHING
                  RETURNING 1)
              INSERT INTO {S}.events ({Schema.EventsTable.WrittenColumns})
              SELECT {Values} FROM p, k
              RETURNING xact_id::text, seq, version
              """;
        var metadata = append.Metadata;
        await using var command = new NpgsqlCommand(sql, connection, transaction)
        {
            Parameters =
            {
                Timestamp(recordedAt), Text(append.TypeNames[0]), Text(metadata.Actor), Text(append.Data[0]),
                Bytes(EventHash.EncodeBeforeVersion(append.Tenant.Code, streamId.Value)), Bytes(afterVersion),
                Uuid(metadata.CausationId), Uuid(metadata.CorrelationId), Timestamp(appendedAt),
                Uuid(streamId.Value), Int((int)expected), Text(append.Tenant.Code),
            },
        };
        if (append.IdempotencyKey is { } key) command.Parameters.Add(Text(key));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return (new GlobalPosition(ulong.Parse(reader.GetString(0)), reader.GetInt64(1)), reader.GetInt32(2));
    }

    /// <summary>The stream's last stored version, read on a connection of its own.</summary>
    private async Task<long> StoredVersionAsync(StreamId streamId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT coalesce(max(version), 0) FROM {S}.events WHERE stream_id = $1");
        command.Parameters.Add(Uuid(streamId.Value));
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The version <c>append_events</c> found, from its message (the error's DETAIL is redacted by Npgsql by default).</summary>
    private static long? ActualVersion(PostgresException e)
    {
        var match = System.Text.RegularExpressions.Regex.Match(e.MessageText, @"is at version (\d+)");
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static async Task<AppendResult> ReplayAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, StreamId streamId, PreparedAppend append, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT k.stream_id, k.last_version, e.xact_id::text, e.seq
            FROM {S}.idempotency_keys k
            LEFT JOIN {S}.events e ON e.stream_id = k.stream_id AND e.version BETWEEN k.first_version AND k.last_version
            WHERE k.tenant = $1 AND k.key = $2
            ORDER BY e.version
            """, connection, transaction)
        {
            Parameters = { Text(append.Tenant.Code), Text(append.IdempotencyKey) },
        };
        var positions = new List<GlobalPosition>();
        Guid originalStream = default;
        long lastVersion = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                originalStream = reader.GetGuid(0);
                lastVersion = reader.GetInt32(1);
                if (!reader.IsDBNull(2)) positions.Add(new(ulong.Parse(reader.GetString(2)), reader.GetInt64(3)));
            }
        }

        if (originalStream != streamId.Value)
            throw new IdempotencyKeyReusedException(append.IdempotencyKey!, new StreamId(originalStream), streamId);
        return new AppendResult(lastVersion, positions, Replayed: true);
    }
}
