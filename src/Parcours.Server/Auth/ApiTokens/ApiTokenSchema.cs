using Npgsql;
using Parcours.EventStore.Schema;

namespace Parcours.Server.Auth.ApiTokens;

/// <summary>
/// The embedded API tokens, in their own schema (<c>parcours_auth</c>), migrated like the store's. Only a SHA-256 hash
/// of each secret is kept: a stolen table yields no usable token.
/// </summary>
public static class ApiTokenSchema
{
    public const string Name = "parcours_auth";

    /// <summary>"PARCAUTH" in ASCII: the advisory lock key serialising these migrations.</summary>
    private const long MigrationLockKey = 0x5041_5243_4155_5448;

    /// <summary>Ordered migrations; append new ones, never edit a shipped one.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "API tokens", $"""
            CREATE TABLE {Name}.api_tokens (
                id uuid PRIMARY KEY,
                name text NOT NULL,
                role text NOT NULL,
                tenant text NOT NULL,
                territories text[] NOT NULL,
                secret_hash bytea NOT NULL UNIQUE,
                created_at timestamptz NOT NULL,
                revoked_at timestamptz);
            CREATE INDEX api_tokens_tenant ON {Name}.api_tokens (tenant);
            """),
    ];

    public static Task<IReadOnlyList<int>> EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        EventStoreSchema.MigrateAsync(dataSource, Name, MigrationLockKey, Migrations, cancellationToken);
}
