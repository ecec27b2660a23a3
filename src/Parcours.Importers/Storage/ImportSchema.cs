using Npgsql;
using Parcours.EventStore.Schema;

namespace Parcours.Importers.Storage;

/// <summary>
/// The importers' own tables (<c>parcours_import</c>): every file imported or refused, with its report and its rejected
/// records. What makes a re-import of the same file a no-op and refuses a flux older than the latest one imported.
/// </summary>
public static class ImportSchema
{
    public const string Name = "parcours_import";

    /// <summary>"PARCIMPO" in ASCII: the advisory lock key serialising these migrations.</summary>
    private const long MigrationLockKey = 0x5041_5243_494D_504F;

    /// <summary>"IMPORTS" in ASCII: with the tenant's hash, serialises the imports of one tenant.</summary>
    public const int ImportLockClass = 0x494D_5054;

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "Imported files and their reports, rejected records", $"""
            CREATE TABLE {Name}.files (
                id bigserial PRIMARY KEY,
                tenant text NOT NULL,
                kind text NOT NULL,                 -- 'cnaf' or 'steps'
                file_name text NOT NULL,
                sha256 bytea NOT NULL,
                reference_date date,                -- DTREF of a CAF flux
                created_at timestamp,               -- DTCREAFLUX + HEUCREAFLUX of a CAF flux (local time)
                imported_at timestamptz NOT NULL,
                imported_by text NOT NULL,
                outcome text NOT NULL,              -- 'applied', 'refused', 'dry-run'
                message text,                       -- why it was refused
                counts jsonb NOT NULL,              -- changes or steps, by kind
                events integer NOT NULL,
                rejected integer NOT NULL);
            CREATE UNIQUE INDEX files_applied_once ON {Name}.files (tenant, kind, sha256) WHERE outcome = 'applied';
            CREATE INDEX files_latest_flux ON {Name}.files (tenant, kind, reference_date) WHERE outcome = 'applied';

            CREATE TABLE {Name}.rejections (
                file_id bigint NOT NULL REFERENCES {Name}.files (id),
                ordinal integer NOT NULL,
                position text NOT NULL,             -- 'ligne 12:5, foyer n° 3' or 'ligne 14'
                code text NOT NULL,
                message text NOT NULL,
                PRIMARY KEY (file_id, ordinal));
            """),
    ];

    public static Task<IReadOnlyList<int>> EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        EventStoreSchema.MigrateAsync(dataSource, Name, MigrationLockKey, Migrations, cancellationToken);
}
