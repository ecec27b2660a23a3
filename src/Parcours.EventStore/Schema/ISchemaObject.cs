namespace Parcours.EventStore.Schema;

/// <summary>One database object of the store, created by its own DDL (idempotent: IF NOT EXISTS).</summary>
public interface ISchemaObject
{
    string Name { get; }
    string CreateSql { get; }
}
