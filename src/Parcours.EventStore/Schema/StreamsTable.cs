namespace Parcours.EventStore.Schema;

/// <summary>
/// One row per stream: its tenant, type, and (as created by migration 1) its version and the hash of its last event.
/// Migration 4 (<see cref="StreamAnchors"/>) turns the version and hash into an anchor that lags the head: read that class
/// for what the columns mean now. This text is the shipped migration 1 and stays as it was.
/// </summary>
public sealed class StreamsTable : ISchemaObject
{
    public string Name => $"{EventStoreSchema.Name}.streams";

    public string CreateSql => $"""
        CREATE TABLE IF NOT EXISTS {Name} (
            id uuid CONSTRAINT streams_pkey PRIMARY KEY,
            version integer NOT NULL CHECK (version > 0),
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            tenant text NOT NULL CONSTRAINT streams_tenant_fkey REFERENCES {EventStoreSchema.Name}.tenants (code),
            type text NOT NULL,
            last_hash bytea NOT NULL
        );
        CREATE INDEX IF NOT EXISTS streams_tenant ON {Name} (tenant, id);
        """;
}
