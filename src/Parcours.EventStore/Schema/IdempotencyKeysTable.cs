namespace Parcours.EventStore.Schema;

/// <summary>
/// One row per keyed append: the stream and the version range it wrote (positions are read back from the events).
/// The row is inserted first in the append transaction, so a concurrent retry waits on it and then sees the result.
/// </summary>
public sealed class IdempotencyKeysTable : ISchemaObject
{
    public string Name => $"{EventStoreSchema.Name}.idempotency_keys";

    public string CreateSql => $"""
        CREATE TABLE IF NOT EXISTS {Name} (
            tenant text NOT NULL,
            key text NOT NULL,
            stream_id uuid NOT NULL,
            first_version integer,
            last_version integer,
            created_at timestamptz NOT NULL,
            CONSTRAINT idempotency_keys_pkey PRIMARY KEY (tenant, key)
        );
        """;
}
