using Npgsql;

namespace Parcours.EventStore.Schema;

/// <summary>
/// The store's database objects in dependency order, and the migrations that create them. Start-up and tests call
/// <see cref="EnsureAsync"/>: it takes a transaction-scoped advisory lock, so two processes starting together
/// apply each migration once, and it is a no-op on an up-to-date database.
/// </summary>
public static class EventStoreSchema
{
    public const string Name = "parcours";

    /// <summary>Arbitrary constant key of the advisory lock serialising schema migrations ("PARCOURS" in ASCII, truncated).</summary>
    private const long MigrationLockKey = 0x5041_5243_4F55_5253;

    public static IReadOnlyList<ISchemaObject> Objects { get; } =
    [
        new SchemaVersionTable(),
        new TenantsTable(),
        new StreamsTable(),
        new EventsTable(),
        new IdempotencyKeysTable(),
        new ProjectionCheckpointsTable(),
    ];

    /// <summary>
    /// Ordered migrations; append new ones, never edit a shipped one. The exception is <c>append_events</c>: a migration
    /// that changes it runs <see cref="AppendFunction"/>'s current <c>CREATE OR REPLACE</c> again (as 2 and 4 do), so a
    /// fresh database creates today's body at 2 and replaces it by itself at 4 (PL/pgSQL checks columns only when it runs).
    /// </summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "Create tenants, streams, events, idempotency keys, projection checkpoints",
            string.Join("\n", Objects.Select(o => o.CreateSql))),
        new(2, "Single-statement append: the append_events function", new AppendFunction().CreateSql),
        new(3, "Streams pages keep room for HOT updates of the stream head", $"ALTER TABLE {Name}.streams SET (fillfactor = 80);"),
        new(4, "Appends chain from the previous event; the stream row keeps an anchor that lags the head; the stream_heads view",
            new StreamAnchors().CreateSql + "\n" + new AppendFunction().CreateSql),
    ];

    public static int CurrentVersion => Migrations[^1].Version;

    /// <summary>Creates or migrates the schema; returns the versions applied by this call (empty when up to date).</summary>
    public static Task<IReadOnlyList<int>> EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        MigrateAsync(dataSource, Name, MigrationLockKey, Migrations, cancellationToken);

    /// <summary>
    /// Applies the <paramref name="migrations"/> of <paramref name="schema"/> missing from its <c>schema_version</c> table,
    /// in one transaction under a transaction-scoped advisory lock on <paramref name="lockKey"/>: two processes starting
    /// together apply each migration once. Shared by every schema of the project (the store's, the read models').
    /// </summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(
        NpgsqlDataSource dataSource, string schema, long lockKey, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken = default)
    {
        var versions = new SchemaVersionTable(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({lockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {schema};\n{versions.CreateSql}", cancellationToken);

        await using var current = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {versions.Name}", connection, transaction);
        var applied = (int)(await current.ExecuteScalarAsync(cancellationToken))!;

        var appliedNow = new List<int>();
        foreach (var migration in migrations.Where(m => m.Version > applied))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand(
                $"INSERT INTO {versions.Name} (version, description) VALUES ($1, $2)", connection, transaction)
            {
                Parameters = { new() { Value = migration.Version }, new() { Value = migration.Description } },
            };
            await record.ExecuteNonQueryAsync(cancellationToken);
            appliedNow.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken);
        return appliedNow;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>One schema migration: its version, what it does, and its DDL.</summary>
public sealed record Migration(int Version, string Description, string Sql);
