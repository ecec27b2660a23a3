using Npgsql;
using Parcours.EventStore.Schema;

namespace Parcours.Application.Identity;

/// <summary>
/// The identity store's tables, in their own schema (<c>parcours_identity</c>), apart from the event log: what is here
/// can be destroyed (erasure) without touching a single event. Migrated like the other schemas: once, under an advisory lock.
/// </summary>
public static class IdentitySchema
{
    public const string Name = "parcours_identity";

    /// <summary>"PARCIDEN" in ASCII: the advisory lock key serialising these migrations.</summary>
    private const long MigrationLockKey = 0x5041_5243_4944_454E;

    /// <summary>Ordered migrations; append new ones, never edit a shipped one.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "Encrypted identities, their blind indexes, master key fingerprints, append-only access log", $"""
            -- One row per case with an identity. Erasure sets every secret column to null and keeps the row (erased_at).
            CREATE TABLE {Name}.identities (
                tenant text NOT NULL,
                case_id uuid NOT NULL,
                master_key_id text,          -- fingerprint of the master key that wrapped data_key
                data_key bytea,              -- the person's AES-256-GCM key, itself sealed with the master key
                identity bytea,              -- the identity (JSON, padded) sealed with the data key
                caf_index bytea,             -- HMAC-SHA256 of tenant + normalised CAF number and role
                nir_index bytea,             -- HMAC-SHA256 of tenant + normalised NIR (13 characters)
                saved_at timestamptz NOT NULL,
                erased_at timestamptz,
                PRIMARY KEY (tenant, case_id),
                CONSTRAINT identities_erased_means_no_secret
                    CHECK (erased_at IS NULL OR (data_key IS NULL AND identity IS NULL AND caf_index IS NULL AND nir_index IS NULL)));
            CREATE UNIQUE INDEX identities_caf ON {Name}.identities (tenant, caf_index) WHERE caf_index IS NOT NULL;
            CREATE UNIQUE INDEX identities_nir ON {Name}.identities (tenant, nir_index) WHERE nir_index IS NOT NULL;

            -- The master key in use (one row with retired_at null) and those it replaced: a process configured with
            -- another key is refused before it writes or looks anything up.
            CREATE TABLE {Name}.master_keys (
                key_id text PRIMARY KEY,
                registered_at timestamptz NOT NULL,
                retired_at timestamptz);
            CREATE UNIQUE INDEX master_keys_one_current ON {Name}.master_keys ((true)) WHERE retired_at IS NULL;

            -- Who read or erased which identity, when and why. Append-only: updates and deletes are refused.
            CREATE TABLE {Name}.access_log (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant text NOT NULL,
                case_id uuid NOT NULL,
                action text NOT NULL,
                actor text NOT NULL,
                reason text NOT NULL CHECK (btrim(reason) <> ''),
                at timestamptz NOT NULL,
                found boolean NOT NULL);
            CREATE INDEX access_log_tenant_at ON {Name}.access_log (tenant, at);
            CREATE INDEX access_log_tenant_case ON {Name}.access_log (tenant, case_id, at);

            CREATE FUNCTION {Name}.access_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the identity access log is append-only';
            END $$;
            CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {Name}.access_log
                FOR EACH STATEMENT EXECUTE FUNCTION {Name}.access_log_is_append_only();
            """),
        new(2, "Blind index of the normalised name (search by name); filled by SaveAsync, backfilled at start-up", $"""
            -- HMAC-SHA256 of tenant + normalised "LAST|FIRST" (label "name"); not unique: namesakes share it.
            ALTER TABLE {Name}.identities ADD COLUMN IF NOT EXISTS name_index bytea;
            CREATE INDEX IF NOT EXISTS identities_name ON {Name}.identities (tenant, name_index) WHERE name_index IS NOT NULL;
            ALTER TABLE {Name}.identities DROP CONSTRAINT IF EXISTS identities_erased_means_no_secret;
            ALTER TABLE {Name}.identities ADD CONSTRAINT identities_erased_means_no_secret
                CHECK (erased_at IS NULL OR (data_key IS NULL AND identity IS NULL AND caf_index IS NULL AND nir_index IS NULL
                    AND name_index IS NULL));
            """),
    ];

    public static int CurrentVersion => Migrations[^1].Version;

    public static Task<IReadOnlyList<int>> EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        EventStoreSchema.MigrateAsync(dataSource, Name, MigrationLockKey, Migrations, cancellationToken);
}
