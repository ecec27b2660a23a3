namespace Parcours.EventStore.Schema;

/// <summary>
/// One row per stream: its tenant, type, current version and the hash of its last event (the head of its chain).
/// The row is locked (SELECT ... FOR UPDATE) by every append, which serialises appends to one stream.
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
