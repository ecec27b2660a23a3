using Npgsql;
using Parcours.EventStore.Internal;
using Parcours.EventStore.Projections;
using static Parcours.EventStore.Internal.Sql;

namespace Parcours.EventStore;

public sealed partial class EventStore
{
    /// <summary>The checkpoint (all tenants) of <see cref="AnchorStreamHeadsAsync"/> in the projection checkpoints.</summary>
    public const string AnchorCheckpoint = "stream-anchors";

    /// <summary>
    /// Moves stream anchors (<see cref="Schema.StreamAnchors"/>) forward over the next <paramref name="batchSize"/> events
    /// of the global log after this job's checkpoint: each stream the batch touched is anchored at its last event in the
    /// batch, if that is past its anchor. One transaction: the anchors and the checkpoint move together, and the global
    /// reader's rule (<c>EventStore.ReadAll.cs</c>) means no event is passed over. Rows are locked in id order, as bulk
    /// appends lock them, so the two never deadlock. Returns the number of events read: zero when caught up. The projection
    /// daemon runs it until caught up in every round; it is idempotent, so two servers running it only repeat work.
    /// </summary>
    public async Task<int> AnchorStreamHeadsAsync(int batchSize = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var checkpoints = new ProjectionCheckpoints(dataSource, Options.Clock);
        var from = await checkpoints.LoadAsync(AnchorCheckpoint, null, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            WITH batch AS MATERIALIZED (
                SELECT e.xact_id, e.seq, e.stream_id, e.version FROM {S}.events e
                WHERE (e.xact_id, e.seq) > ($1::text::xid8, $2) AND e.xact_id < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY e.xact_id, e.seq
                LIMIT $3),
            heads AS (SELECT stream_id, max(version) AS version FROM batch GROUP BY stream_id),
            locked AS (
                SELECT s.id, h.version FROM {S}.streams s JOIN heads h ON h.stream_id = s.id
                WHERE s.anchored_version < h.version
                ORDER BY s.id FOR NO KEY UPDATE OF s),
            anchored AS (
                UPDATE {S}.streams s SET anchored_version = e.version, anchored_hash = e.hash, anchored_at = $4
                FROM locked l JOIN {S}.events e ON e.stream_id = l.id AND e.version = l.version
                WHERE s.id = l.id AND s.anchored_version < e.version),
            last AS (SELECT xact_id, seq FROM batch ORDER BY xact_id DESC, seq DESC LIMIT 1)
            SELECT (SELECT count(*) FROM batch)::integer, (SELECT xact_id::text FROM last), (SELECT seq FROM last)
            """, connection, transaction)
        {
            Parameters =
            {
                Text(from.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture)), Bigint(from.Sequence),
                Int(batchSize), Timestamp(PgTime.TruncateToMicroseconds(Options.Clock.GetCurrentInstant())),
            },
        };
        int read;
        GlobalPosition next;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            read = reader.GetInt32(0);
            next = read == 0 ? from : new GlobalPosition(ulong.Parse(reader.GetString(1)), reader.GetInt64(2));
        }

        if (read > 0) await checkpoints.SaveAsync(connection, transaction, AnchorCheckpoint, null, next, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return read;
    }
}
