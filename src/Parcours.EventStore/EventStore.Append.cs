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
    /// </summary>
    public async Task<AppendResult> AppendAsync(
        TenantId tenant, StreamId streamId, string streamType, ExpectedVersion expected, IReadOnlyList<object> events,
        EventMetadata metadata, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var prepared = PreparedAppend.Create(tenant, streamType, events, metadata, idempotencyKey, Options.Types, Options.Json);
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await AppendCoreAsync(connection, transaction, streamId, expected, prepared, cancellationToken);
                if (!result.Replayed) await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (ConcurrencyException) when (expected.Value is null && attempt < AnyVersionAttempts)
            {
                // "Any" lost a race to create the stream: the stream exists now, so the next attempt appends after it.
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
        EventMetadata metadata, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var prepared = PreparedAppend.Create(tenant, streamType, events, metadata, idempotencyKey, Options.Types, Options.Json);
        return AppendCoreAsync(connection, transaction, streamId, expected, prepared, cancellationToken);
    }

    private async Task<AppendResult> AppendCoreAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StreamId streamId, ExpectedVersion expected,
        PreparedAppend append, CancellationToken ct)
    {
        try
        {
            var head = await LockStreamAsync(connection, transaction, streamId, append, ct);
            if (head is null) return await ReplayAsync(connection, transaction, streamId, append, ct);
            if (head.Value.Tenant is { } owner && owner != append.Tenant.Code)
                throw new StreamTenantMismatchException(streamId, append.Tenant);
            if (!expected.Accepts(head.Value.Version))
                throw new ConcurrencyException(streamId, expected, head.Value.Version);

            return await WriteAsync(connection, transaction, streamId, head.Value, append, ct);
        }
        catch (PostgresException e) when (e.IsUniqueViolation("events_stream_version") || e.IsUniqueViolation("streams_pkey"))
        {
            // Last line of defence: two writers both found no stream row to lock and both tried to create it.
            throw new ConcurrencyException(streamId, expected, null, e);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation && e.ConstraintName == "streams_tenant_fkey")
        {
            throw new UnknownTenantException(append.Tenant);
        }
    }

    private readonly record struct StreamHead(string? Tenant, long Version, byte[] LastHash);

    /// <summary>
    /// One round trip: claims the idempotency key (waiting for a concurrent holder to finish) and locks the stream row.
    /// Returns null when the key was already used (the caller replays the first result).
    /// </summary>
    private static async Task<StreamHead?> LockStreamAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StreamId streamId, PreparedAppend append, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var claim = append.IdempotencyKey is null ? null : Command(
            $"INSERT INTO {S}.idempotency_keys (tenant, key, stream_id, created_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING",
            Text(append.Tenant.Code), Text(append.IdempotencyKey), Uuid(streamId.Value));
        if (claim is not null) batch.BatchCommands.Add(claim);
        batch.BatchCommands.Add(Command($"SELECT tenant, version, last_hash FROM {S}.streams WHERE id = $1 FOR UPDATE", Uuid(streamId.Value)));

        StreamHead head;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            head = await reader.ReadAsync(ct)
                ? new StreamHead(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<byte[]>(2))
                : new StreamHead(null, 0, EventHash.Genesis);
        }

        return claim is { RecordsAffected: 0 } ? null : head;
    }

    private async Task<AppendResult> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StreamId streamId, StreamHead head, PreparedAppend append,
        CancellationToken ct)
    {
        var now = PgTime.TruncateToMicroseconds(Options.Clock.GetCurrentInstant());
        var metadata = append.Metadata;
        var recordedAt = metadata.RecordedAtOverride is { } recordedThen ? PgTime.TruncateToMicroseconds(recordedThen) : now;
        Instant? appendedAt = metadata.RecordedAtOverride is null ? null : now;

        var count = append.Events.Count;
        var versions = new int[count];
        var hashes = new byte[count][];
        var previous = head.LastHash;
        for (var i = 0; i < count; i++)
        {
            versions[i] = checked((int)head.Version + i + 1);
            previous = hashes[i] = EventHash.Compute(previous, new HashedContent(
                append.Tenant.Code, streamId.Value, versions[i], append.TypeNames[i], append.Data[i], recordedAt,
                metadata.Actor, metadata.CausationId, metadata.CorrelationId, appendedAt));
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(head.Version == 0
            ? Command($"INSERT INTO {S}.streams (id, version, created_at, updated_at, tenant, type, last_hash) VALUES ($1, $2, $3, $3, $4, $5, $6)",
                Uuid(streamId.Value), Int(versions[^1]), Timestamp(now), Text(append.Tenant.Code), Text(append.StreamType), Bytes(previous))
            : Command($"UPDATE {S}.streams SET version = $2, updated_at = $3, last_hash = $4 WHERE id = $1",
                Uuid(streamId.Value), Int(versions[^1]), Timestamp(now), Bytes(previous)));
        batch.BatchCommands.Add(Command(
            $"""
            INSERT INTO {S}.events (recorded_at, stream_id, version, tenant, type, recorded_by, data, hash, causation_id, correlation_id, appended_at)
            SELECT $1, $2, u.version, $3, u.type, $4, u.data::json, u.hash, $5, $6, $7
            FROM unnest($8::integer[], $9::text[], $10::text[], $11::bytea[]) AS u (version, type, data, hash)
            RETURNING xact_id::text, seq, version
            """,
            Timestamp(recordedAt), Uuid(streamId.Value), Text(append.Tenant.Code), Text(metadata.Actor),
            Uuid(metadata.CausationId), Uuid(metadata.CorrelationId), Timestamp(appendedAt),
            Array(versions, NpgsqlDbType.Integer), Array(append.TypeNames, NpgsqlDbType.Text),
            Array(append.Data, NpgsqlDbType.Text), Array(hashes, NpgsqlDbType.Bytea)));
        if (append.IdempotencyKey is not null)
            batch.BatchCommands.Add(Command($"UPDATE {S}.idempotency_keys SET first_version = $3, last_version = $4 WHERE tenant = $1 AND key = $2",
                Text(append.Tenant.Code), Text(append.IdempotencyKey), Int(versions[0]), Int(versions[^1])));
        batch.BatchCommands.Add(Command($"SELECT pg_notify('{EventStoreOptions.NotificationChannel}', $1)", Text(append.Tenant.Code)));

        var positions = new GlobalPosition[count];
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                positions[reader.GetInt32(2) - versions[0]] = new(ulong.Parse(reader.GetString(0)), reader.GetInt64(1));
        }

        if (Options.InlineProjections.Count > 0)
        {
            var stored = new StoredEvent[count];
            for (var i = 0; i < count; i++)
                stored[i] = new StoredEvent(positions[i], append.Tenant, streamId, versions[i], append.TypeNames[i], append.Events[i],
                    recordedAt, metadata.Actor, metadata.CausationId, metadata.CorrelationId, appendedAt);
            foreach (var projection in Options.InlineProjections)
                await projection.ApplyAsync(connection, transaction, stored, ct);
        }

        return new AppendResult(versions[^1], positions);
    }

    private static async Task<AppendResult> ReplayAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StreamId streamId, PreparedAppend append, CancellationToken ct)
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
