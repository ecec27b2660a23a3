namespace Parcours.EventStore.Schema;

/// <summary>The migrations applied to this database, one row each.</summary>
/// <param name="schema">The schema whose migrations it records (the store's by default; read models keep their own).</param>
public sealed class SchemaVersionTable(string schema = EventStoreSchema.Name) : ISchemaObject
{
    public string Name => $"{schema}.schema_version";

    public string CreateSql => $"""
        CREATE TABLE IF NOT EXISTS {Name} (
            version integer PRIMARY KEY,
            description text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;
}
