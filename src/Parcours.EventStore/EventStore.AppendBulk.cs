using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.EventStore.Internal;
using static Parcours.EventStore.Internal.Sql;

namespace Parcours.EventStore;

public sealed partial class EventStore
{
    /// <summary>
    /// Appends to many streams of one tenant in one transaction (imports, benchmarks), through binary COPY.
    /// Versions and hash chains are computed as for single appends; every touched stream is locked and its expected
    /// version checked first; any failure writes nothing.
    /// </summary>
    public async Task<BulkAppendResult> AppendBulkAsync(
        TenantId tenant, IReadOnlyList<StreamAppend> streams, EventMetadata metadata, CancellationToken cancellationToken = default)
    {
        await EnsureTenantAsync(tenant, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await AppendBulkAsync(connection, transaction, tenant, streams, metadata, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// The same bulk append inside the caller's transaction, which the caller commits or rolls back: an import writes
    /// its events, its identities and its own records all together or not at all. The inline projections run in it too.
    /// </summary>
    public async Task<BulkAppendResult> AppendBulkAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, IReadOnlyList<StreamAppend> streams,
        EventMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streams);
        if (streams.Select(s => s.StreamId).Distinct().Count() != streams.Count)
            throw new ArgumentException("A stream appears twice in one bulk append; merge its events.", nameof(streams));
        if (streams.FirstOrDefault(s => s.EventMetadata is { } m && m.Count != s.Events.Count) is { } mismatched)
            throw new ArgumentException($"Stream {mismatched.StreamId} has {mismatched.Events.Count} events but {mismatched.EventMetadata!.Count} metadata.", nameof(streams));
        var prepared = Prepare(tenant, streams, metadata);
        await EnsureTenantAsync(tenant, cancellationToken);
        if (prepared.Count == 0) return new BulkAppendResult(0, new Dictionary<StreamId, long>());
        try
        {
            var heads = await LockStreamsAsync(connection, transaction, prepared.Select(p => p.StreamId.Value).ToArray(), cancellationToken);
            var now = PgTime.TruncateToMicroseconds(Options.Clock.GetCurrentInstant());

            var versions = new Dictionary<StreamId, long>();
            var newStreams = new List<(Guid Id, int Version, string Type, byte[] Hash)>();
            var movedStreams = new List<(Guid Id, int Version, byte[] Hash)>();
            var project = Options.InlineProjections.Count > 0;
            // What the inline projections will see, built from what is in hand (only the positions are read back).
            var written = project ? new List<StoredEvent>() : null;
            var offered = project ? new List<(StreamId, IReadOnlyList<StoredEvent>?, long)>() : null;
            long count = 0;
            await using (var importer = await connection.BeginBinaryImportAsync(
                $"COPY {S}.events ({Schema.EventsTable.WrittenColumns}) FROM STDIN (FORMAT BINARY)",
                cancellationToken))
            {
                foreach (var (streamId, expected, append, eventMetadata, knownHistory) in prepared)
                {
                    var found = heads.TryGetValue(streamId.Value, out var head);
                    if (found && head.Tenant != tenant.Code) throw new StreamTenantMismatchException(streamId, tenant);
                    var version = found ? head.Version : 0;
                    if (!expected.Accepts(version)) throw new ConcurrencyException(streamId, expected, version);

                    var hash = found ? head.LastHash : EventHash.Genesis;
                    offered?.Add((streamId, version == 0 ? [] : knownHistory, version + 1));
                    for (var i = 0; i < append.Events.Count; i++)
                    {
                        version++;
                        var m = eventMetadata?[i] ?? metadata;
                        var recordedAt = m.RecordedAtOverride is { } then ? PgTime.TruncateToMicroseconds(then) : now;
                        Instant? appendedAt = m.RecordedAtOverride is null ? null : now;
                        hash = EventHash.Compute(hash, new HashedContent(tenant.Code, streamId.Value, version, append.TypeNames[i],
                            append.Data[i], recordedAt, m.Actor, m.CausationId, m.CorrelationId, appendedAt));
                        await importer.StartRowAsync(cancellationToken);
                        await importer.WriteAsync(PgTime.ToDateTime(recordedAt), NpgsqlDbType.TimestampTz, cancellationToken);
                        await importer.WriteAsync(streamId.Value, NpgsqlDbType.Uuid, cancellationToken);
                        await importer.WriteAsync((int)version, NpgsqlDbType.Integer, cancellationToken);
                        await importer.WriteAsync(tenant.Code, NpgsqlDbType.Text, cancellationToken);
                        await importer.WriteAsync(append.TypeNames[i], NpgsqlDbType.Text, cancellationToken);
                        await importer.WriteAsync(m.Actor, NpgsqlDbType.Text, cancellationToken);
                        await importer.WriteAsync(append.Data[i], NpgsqlDbType.Json, cancellationToken);
                        await importer.WriteAsync(hash, NpgsqlDbType.Bytea, cancellationToken);
                        await WriteNullableAsync(importer, m.CausationId, NpgsqlDbType.Uuid, cancellationToken);
                        await WriteNullableAsync(importer, m.CorrelationId, NpgsqlDbType.Uuid, cancellationToken);
                        await WriteNullableAsync<DateTime>(importer, appendedAt is { } a ? PgTime.ToDateTime(a) : null, NpgsqlDbType.TimestampTz, cancellationToken);
                        written?.Add(new StoredEvent(default, tenant, streamId, version, append.TypeNames[i], append.Events[i], recordedAt,
                            m.Actor, m.CausationId, m.CorrelationId, appendedAt));
                        count++;
                    }

                    versions[streamId] = version;
                    if (found) movedStreams.Add((streamId.Value, (int)version, hash));
                    else newStreams.Add((streamId.Value, (int)version, append.StreamType, hash));
                }

                await importer.CompleteAsync(cancellationToken);
            }

            await WriteStreamAnchorsAsync(connection, transaction, tenant, now, newStreams, movedStreams, cancellationToken);
            if (project)
                await ProjectBulkAsync(connection, transaction, written!, KnownHistories.Checked(tenant, offered!), cancellationToken);
            return new BulkAppendResult(count, versions);
        }
        catch (PostgresException e) when (e.IsUniqueViolation("events_stream_version") || e.IsUniqueViolation("streams_pkey"))
        {
            throw new ConcurrencyException(prepared[0].StreamId, prepared[0].Expected, null, e);
        }
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : struct
    {
        if (value is { } v) await importer.WriteAsync(v, type, ct);
        else await importer.WriteNullAsync(ct);
    }

    /// <summary>
    /// Validates and serialises every stream's events, on all cores (JSON serialisation is most of the client's work in
    /// a bulk append; each stream is independent), in input order. The first error is rethrown as itself.
    /// </summary>
    private List<(StreamId StreamId, ExpectedVersion Expected, PreparedAppend Append, IReadOnlyList<EventMetadata>? EventMetadata, IReadOnlyList<StoredEvent>? KnownHistory)> Prepare(
        TenantId tenant, IReadOnlyList<StreamAppend> streams, EventMetadata metadata)
    {
        var prepared = new PreparedAppend[streams.Count];
        try
        {
            Parallel.For(0, streams.Count, i =>
                prepared[i] = PreparedAppend.Create(tenant, streams[i].StreamType, streams[i].Events, metadata, null, Options.Types, Options.Json));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return streams.Select((s, i) => (s.StreamId, s.Expected, prepared[i], s.EventMetadata, s.KnownHistory)).ToList();
    }

    /// <summary>A locked stream row's owner, and the stream's head: its last event's version and hash.</summary>
    private readonly record struct StreamHead(string Tenant, long Version, byte[] LastHash);

    /// <summary>
    /// Locks the rows of the streams that exist (a concurrent bulk append or <c>append_events</c> on them waits) and reads
    /// their heads. A plain one-event append takes no lock: if one writes a version this append also writes, the COPY
    /// fails on <c>events_stream_version</c> and nothing of the bulk append is kept.
    /// </summary>
    private static async Task<Dictionary<Guid, StreamHead>> LockStreamsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] ids, CancellationToken ct)
    {
        // Locked in id order, so that two bulk appends touching the same streams cannot deadlock.
        await using var command = new NpgsqlCommand(
            $"""
            SELECT s.id, s.tenant, coalesce(h.version, 0), coalesce(h.hash, $2)
            FROM {S}.streams s
            LEFT JOIN LATERAL (SELECT e.version, e.hash FROM {S}.events e WHERE e.stream_id = s.id ORDER BY e.version DESC LIMIT 1) h ON true
            WHERE s.id = ANY($1) ORDER BY s.id FOR NO KEY UPDATE OF s
            """, connection, transaction)
        {
            Parameters = { Array(ids, NpgsqlDbType.Uuid), Bytes(EventHash.Genesis) },
        };
        var heads = new Dictionary<Guid, StreamHead>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            heads[reader.GetGuid(0)] = new StreamHead(reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<byte[]>(3));
        return heads;
    }

    /// <summary>
    /// Creates the new streams' rows and moves the existing streams' anchors to the heads just written (their rows are
    /// locked already, so the anchor is kept current here at the cost of one batched UPDATE), then notifies.
    /// </summary>
    private static async Task WriteStreamAnchorsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, Instant now,
        List<(Guid Id, int Version, string Type, byte[] Hash)> created, List<(Guid Id, int Version, byte[] Hash)> moved,
        CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (created.Count > 0)
            batch.BatchCommands.Add(Command(
                $"""
                INSERT INTO {S}.streams (id, anchored_version, created_at, anchored_at, tenant, type, anchored_hash)
                SELECT u.id, u.version, $1, $1, $2, u.type, u.hash FROM unnest($3::uuid[], $4::integer[], $5::text[], $6::bytea[]) AS u (id, version, type, hash)
                """,
                Timestamp(now), Text(tenant.Code), Array(created.Select(c => c.Id).ToArray(), NpgsqlDbType.Uuid),
                Array(created.Select(c => c.Version).ToArray(), NpgsqlDbType.Integer),
                Array(created.Select(c => c.Type).ToArray(), NpgsqlDbType.Text), Array(created.Select(c => c.Hash).ToArray(), NpgsqlDbType.Bytea)));
        if (moved.Count > 0)
            batch.BatchCommands.Add(Command(
                $"""
                UPDATE {S}.streams s SET anchored_version = u.version, anchored_hash = u.hash, anchored_at = $1
                FROM unnest($2::uuid[], $3::integer[], $4::bytea[]) AS u (id, version, hash) WHERE s.id = u.id
                """,
                Timestamp(now), Array(moved.Select(c => c.Id).ToArray(), NpgsqlDbType.Uuid),
                Array(moved.Select(c => c.Version).ToArray(), NpgsqlDbType.Integer), Array(moved.Select(c => c.Hash).ToArray(), NpgsqlDbType.Bytea)));
        batch.BatchCommands.Add(Command($"SELECT pg_notify('{EventStoreOptions.NotificationChannel}', $1)", Text(tenant.Code)));
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Hands the events just copied to the inline projections, with their global positions read back (COPY returns
    /// none): only the last <c>written.Count</c> rows of the transaction, in the order they were copied (an import appends
    /// batch after batch in one transaction), and only their positions: the events themselves are in hand.
    /// </summary>
    private async Task ProjectBulkAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<StoredEvent> written, KnownHistories known, CancellationToken ct)
    {
        await using (var command = new NpgsqlCommand(
            $"SELECT xact_id::text, seq, stream_id, version FROM {S}.events WHERE xact_id = pg_current_xact_id() ORDER BY seq DESC LIMIT $1",
            connection, transaction)
        {
            Parameters = { new() { Value = (long)written.Count } },
        })
        {
            var index = written.Select((e, i) => (e.StreamId, e.Version, i)).ToDictionary(x => (x.StreamId, x.Version), x => x.i);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var i = index[(new StreamId(reader.GetGuid(2)), reader.GetInt32(3))];
                written[i] = written[i] with { Position = new GlobalPosition(ulong.Parse(reader.GetString(0)), reader.GetInt64(1)) };
            }
        }
        foreach (var projection in Options.InlineProjections)
            await projection.ApplyAsync(connection, transaction, written, known, ct);
    }
}
