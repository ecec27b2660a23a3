using static Parcours.EventStore.Internal.Sql;

namespace Parcours.EventStore;

// The global reader, for projections: every event of every stream, once, in an order that never changes.
//
// The problem. `seq` comes from a sequence, and sequences are not transactional: a transaction A can take seq 10,
// then a transaction B take seq 11 and commit first. A reader that pages by `seq > last` sees 11, remembers 11,
// and skips 10 for ever when A commits. (Marten's answer is a high-water mark: stop before the first gap, and after
// a timeout assume a lasting gap is a rolled-back transaction.)
//
// Our answer. Each event stores the id of the transaction that wrote it (`xact_id`, from pg_current_xact_id(),
// a 64-bit xid8 that never wraps). The reader returns only events with
//     xact_id < pg_snapshot_xmin(pg_current_snapshot())
// ordered by (xact_id, seq), and a position is that pair. Why nothing is ever skipped:
//   1. xmin is the oldest transaction id still running when the statement's snapshot was taken. Every transaction
//      with a smaller id has finished: its events are all visible now (committed) or will never be (rolled back).
//   2. A transaction that commits later is running now (so its id is >= xmin) or has no id yet (so it will get one
//      above every id given so far, hence >= xmin). Either way its events sort after everything returned now.
//   So the returned prefix of the (xact_id, seq) order is final: a later read can only add events after it.
//   Within one transaction the order is by seq. Within a stream it is version order when each append's transaction
//   takes its id by appending (the store's own appends): version n + 1 is written after version n committed, so its
//   transaction id is larger. A caller's transaction that wrote something else before appending may hold an older id
//   and sort before the stream's previous version; projections re-read whole streams and do not depend on this order.
// The filter and the page are ONE statement, so that one snapshot decides both. No gap, no timeout, no guess.
//
// The price: an open transaction that holds an xid anywhere on the server (any database of the cluster) holds the
// reader back until it ends. Events committed meanwhile are delayed, never skipped; ReaderProgress.EventsHeldBack
// measures the delay. Keep write transactions short, and watch for idle-in-transaction sessions.
public sealed partial class EventStore
{
    /// <summary>
    /// Reads up to <paramref name="batchSize"/> events after <paramref name="from"/> in the global order, for one tenant
    /// or all. Continue from <see cref="EventBatch.Next"/>; an empty batch means "nothing more yet".
    /// </summary>
    /// <remarks>
    /// A batch that is not full holds every readable event after <paramref name="from"/>, so its
    /// <see cref="EventBatch.Next"/> is past every readable position, the other tenants' events included: a reader of a
    /// quiet tenant does not scan again, at each read, what the other tenants appended since its last event.
    /// </remarks>
    public async Task<EventBatch> ReadAllAsync(
        GlobalPosition from, int batchSize, TenantId? tenant = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (tenant is { } t) await EnsureTenantAsync(t, cancellationToken);
        // One row at least (the snapshot's xmin), with the events' columns first, as ToStoredEvent reads them.
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT e.*, snap.xmin::text
            FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) snap
            LEFT JOIN LATERAL (
                SELECT {EventColumns}, xact_id AS xact_order FROM {S}.events
                WHERE (xact_id, seq) > ($1::text::xid8, $2)
                  AND xact_id < snap.xmin
                  AND ($3::text IS NULL OR tenant = $3)
                ORDER BY xact_id, seq
                LIMIT $4) e ON true
            ORDER BY e.xact_order, e.seq
            """);
        command.Parameters.Add(Text(from.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        command.Parameters.Add(Bigint(from.Sequence));
        command.Parameters.Add(Text(tenant?.Code));
        command.Parameters.Add(Int(batchSize));
        var events = new List<StoredEvent>();
        ulong xmin = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                xmin = ulong.Parse(reader.GetString(reader.FieldCount - 1), System.Globalization.CultureInfo.InvariantCulture);
                if (!reader.IsDBNull(0)) events.Add(ToStoredEvent(reader));
            }
        }
        var next = events.Count == 0 ? from : events[^1].Position;
        // Not full: everything readable has been seen, up to the last transaction below the snapshot's xmin.
        if (events.Count < batchSize && xmin > 0 && new GlobalPosition(xmin - 1, long.MaxValue) is var seen && seen > next) next = seen;
        return new EventBatch(events, next);
    }

    /// <summary>
    /// Whether committed events (of <paramref name="tenant"/>, or of any tenant) are held back from the reader by an older
    /// transaction still open anywhere on the server: they bring no further notification, so a waiting reader looks again.
    /// </summary>
    public async Task<bool> HasEventsHeldBackAsync(TenantId? tenant = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT EXISTS (SELECT 1 FROM {S}.events WHERE xact_id >= pg_snapshot_xmin(pg_current_snapshot()) AND ($1::text IS NULL OR tenant = $1))");
        command.Parameters.Add(Text(tenant?.Code));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The high-water position and the lag of a reader at <paramref name="checkpoint"/>, from one snapshot: the events
    /// behind it and held back, of <paramref name="tenant"/> only when one is given (the high water is the log's).
    /// </summary>
    public async Task<ReaderProgress> GetReaderProgressAsync(
        GlobalPosition checkpoint, CancellationToken cancellationToken = default, TenantId? tenant = null)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            WITH snap AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
            high AS (
                SELECT e.xact_id, e.seq FROM {S}.events e, snap WHERE e.xact_id < snap.xmin
                ORDER BY e.xact_id DESC, e.seq DESC LIMIT 1)
            SELECT snap.xmin::text,
                   (SELECT xact_id::text FROM high), (SELECT seq FROM high),
                   (SELECT count(*) FROM {S}.events e WHERE (e.xact_id, e.seq) > ($1::text::xid8, $2) AND e.xact_id < snap.xmin
                        AND ($3::text IS NULL OR e.tenant = $3)),
                   (SELECT count(*) FROM {S}.events e WHERE e.xact_id >= snap.xmin AND ($3::text IS NULL OR e.tenant = $3))
            FROM snap
            """);
        command.Parameters.Add(Text(checkpoint.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        command.Parameters.Add(Bigint(checkpoint.Sequence));
        command.Parameters.Add(Text(tenant?.Code));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var highWater = reader.IsDBNull(1) ? GlobalPosition.Start : new GlobalPosition(ulong.Parse(reader.GetString(1)), reader.GetInt64(2));
        return new ReaderProgress(highWater, reader.GetInt64(3), reader.GetInt64(4), ulong.Parse(reader.GetString(0)));
    }
}
