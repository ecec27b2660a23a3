using Npgsql;
using Parcours.EventStore.Schema;

namespace Parcours.Projections.Closing;

/// <summary>
/// The monthly closings, in their own schema (<c>parcours_closing</c>): unlike the read models they are records of what
/// was published, not something recomputed, so a rebuild never touches them. Migrated like the other schemas.
/// </summary>
public static class ClosingSchema
{
    public const string Name = "parcours_closing";

    /// <summary>"PARCCLOS" in ASCII: the advisory lock key serialising these migrations.</summary>
    private const long MigrationLockKey = 0x5041_5243_434C_4F53;

    /// <summary>Ordered migrations; append new ones, never edit a shipped one.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "Monthly closings: the frozen figures, the per-person results behind them, the position and the content hash", $"""
            CREATE TABLE {Name}.closings (
                tenant text NOT NULL,
                month date NOT NULL,
                closed_at timestamptz NOT NULL,
                closed_by text NOT NULL,
                xact_id xid8 NOT NULL,
                seq bigint NOT NULL,
                evaluated_on date NOT NULL,
                content_hash bytea NOT NULL,
                PRIMARY KEY (tenant, month));

            CREATE TABLE {Name}.closed_cells (
                tenant text NOT NULL,
                month date NOT NULL,
                definition_id text NOT NULL,
                definition_version integer NOT NULL,
                breakdown text NOT NULL,
                value text NOT NULL,
                numerator integer NOT NULL,
                denominator integer NOT NULL,
                rate numeric,
                mean_delay_days numeric,
                median_delay_days numeric,
                pending integer NOT NULL,
                excluded integer NOT NULL,
                provisional boolean NOT NULL,
                PRIMARY KEY (tenant, month, definition_id, definition_version, breakdown, value),
                FOREIGN KEY (tenant, month) REFERENCES {Name}.closings (tenant, month));

            CREATE TABLE {Name}.closed_results (
                tenant text NOT NULL,
                month date NOT NULL,
                definition_id text NOT NULL,
                definition_version integer NOT NULL,
                case_id uuid NOT NULL,
                episode integer NOT NULL,
                occurrence integer NOT NULL,
                outcome text NOT NULL,
                reason text,
                start_on date,
                end_on date,
                deadline_on date,
                delay_days integer,
                mature boolean NOT NULL,
                territory text,
                track text,
                organisation text,
                source_versions integer[] NOT NULL,
                PRIMARY KEY (tenant, month, definition_id, definition_version, case_id, episode, occurrence),
                FOREIGN KEY (tenant, month) REFERENCES {Name}.closings (tenant, month));
            """),
    ];

    public static Task<IReadOnlyList<int>> EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        EventStoreSchema.MigrateAsync(dataSource, Name, MigrationLockKey, Migrations, cancellationToken);
}
