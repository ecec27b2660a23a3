namespace Parcours.EventStore.Schema;

/// <summary>
/// The append-only log. Fixed-width columns first (no alignment padding), the JSON data as <c>json</c> so that the
/// stored text is byte for byte the text that was hashed (<c>jsonb</c> would re-normalise it).
/// <list type="bullet">
/// <item><c>xact_id</c>: the writing transaction (<c>pg_current_xact_id()</c>), first half of the global position,
/// see <c>EventStore.ReadAll.cs</c>. The primary key (xact_id, seq) is the global reader's index.</item>
/// <item>UNIQUE (stream_id, version): the last line of optimistic concurrency, and the stream reader's index.</item>
/// <item><c>appended_at</c>: null, except for imported history, where <c>recorded_at</c> is the instant recorded
/// in the older software and <c>appended_at</c> the real append instant.</item>
/// </list>
/// </summary>
public sealed class EventsTable : ISchemaObject
{
    public string Name => $"{EventStoreSchema.Name}.events";

    /// <summary>
    /// The columns an append writes, in the order every append path gives them (the single-event statement, the
    /// <c>append_events</c> function, the bulk COPY, whose values follow this order); the others are defaults.
    /// </summary>
    public const string WrittenColumns = "recorded_at, stream_id, version, tenant, type, recorded_by, data, hash, causation_id, correlation_id, appended_at";

    public string CreateSql => $"""
        CREATE TABLE IF NOT EXISTS {Name} (
            seq bigint GENERATED ALWAYS AS IDENTITY,
            xact_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
            recorded_at timestamptz NOT NULL,
            stream_id uuid NOT NULL,
            version integer NOT NULL,
            tenant text NOT NULL,
            type text NOT NULL,
            recorded_by text NOT NULL,
            data json NOT NULL,
            hash bytea NOT NULL,
            causation_id uuid,
            correlation_id uuid,
            appended_at timestamptz,
            CONSTRAINT events_pkey PRIMARY KEY (xact_id, seq),
            CONSTRAINT events_stream_version UNIQUE (stream_id, version)
        );
        """;
}
