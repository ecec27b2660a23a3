namespace Parcours.EventStore.Schema;

/// <summary>Registered départements. Only these may write or read; the code check mirrors <see cref="TenantId"/>.</summary>
public sealed class TenantsTable : ISchemaObject
{
    public string Name => $"{EventStoreSchema.Name}.tenants";

    public string CreateSql => $"""
        CREATE TABLE IF NOT EXISTS {Name} (
            code text PRIMARY KEY
                CONSTRAINT tenants_code_format CHECK (code ~ '^(0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5]|2A|2B|97[1-6])$'),
            name text NOT NULL,
            created_at timestamptz NOT NULL
        );
        """;
}
