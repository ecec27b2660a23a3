namespace Parcours.EventStore.Schema;

/// <summary>How far each asynchronous projection has read the global log, per tenant ('' = all tenants).</summary>
public sealed class ProjectionCheckpointsTable : ISchemaObject
{
    public string Name => $"{EventStoreSchema.Name}.projection_checkpoints";

    public string CreateSql => $"""
        CREATE TABLE IF NOT EXISTS {Name} (
            projection text NOT NULL,
            tenant text NOT NULL,
            xact_id xid8 NOT NULL,
            seq bigint NOT NULL,
            updated_at timestamptz NOT NULL,
            CONSTRAINT projection_checkpoints_pkey PRIMARY KEY (projection, tenant)
        );
        """;
}
