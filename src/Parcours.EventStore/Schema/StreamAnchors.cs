namespace Parcours.EventStore.Schema;

/// <summary>
/// Migration 4: the stream row stops following every append. An append of one event at a known version now writes only
/// the event, chained from the previous event (see <c>EventStore.AppendAtHeadAsync</c>); the stream row keeps the
/// stream's identity (tenant, type, creation) and an <b>anchor</b>: a version of the stream and the hash of its chain at
/// that version, which never moves backwards and lags the head. Verification checks that the anchored event is still
/// there with that hash, so removing events by hand is found as soon as they are anchored.
/// <list type="bullet">
/// <item>The anchor is set when the stream is created, by every bulk append (it locks the row anyway), and by
/// <c>EventStore.AnchorStreamHeadsAsync</c>, which the projection daemon runs after each batch of the log (a few hundred
/// milliseconds behind the writers).</item>
/// <item><c>stream_heads</c> is the true head, for readers that need a stream's version: its last event.</item>
/// </list>
/// Columns renamed so that no query reads the anchor believing it is the head: <c>version</c> → <c>anchored_version</c>,
/// <c>last_hash</c> → <c>anchored_hash</c>, <c>updated_at</c> → <c>anchored_at</c>.
/// </summary>
public sealed class StreamAnchors : ISchemaObject
{
    public const string HeadsView = $"{EventStoreSchema.Name}.stream_heads";

    public string Name => $"{EventStoreSchema.Name}.streams";

    public string CreateSql => $"""
        ALTER TABLE {Name} RENAME COLUMN version TO anchored_version;
        ALTER TABLE {Name} RENAME COLUMN last_hash TO anchored_hash;
        ALTER TABLE {Name} RENAME COLUMN updated_at TO anchored_at;
        CREATE VIEW {HeadsView} AS
            SELECT s.id, s.tenant, s.type, s.created_at, coalesce(h.version, 0) AS version, h.hash AS last_hash
            FROM {Name} s
            LEFT JOIN LATERAL (
                SELECT e.version, e.hash FROM {EventStoreSchema.Name}.events e WHERE e.stream_id = s.id ORDER BY e.version DESC LIMIT 1
            ) h ON true;
        """;
}
