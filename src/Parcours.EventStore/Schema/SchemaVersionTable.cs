namespace Parcours.EventStore.Schema;

/// <summary>The migrations applied to this database, one row each.</summary>
public sealed class SchemaVersionTable : ISchemaObject
{
    public string Name => $"{EventStoreSchema.Name}.schema_version";

    public string CreateSql => $"""
        CREATE TABLE IF NOT EXISTS {Name} (
            version integer PRIMARY KEY,
            description text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;
}
