using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.EventStore;

namespace Parcours.Server.Auth.ApiTokens;

/// <summary>An API token as stored (never its secret).</summary>
/// <param name="Territories">Territories a manager is restricted to; empty: the whole département.</param>
public sealed record ApiToken(
    Guid Id, string Name, string Role, TenantId Tenant, IReadOnlyList<string> Territories, Instant CreatedAt, Instant? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A token just created, with its secret: shown once, then only its hash exists.</summary>
public sealed record IssuedToken(ApiToken Token, string Secret);

/// <summary>
/// The embedded API tokens: <c>parcours token create|list|revoke</c> and the admin endpoints issue and revoke them, the
/// authentication handler looks them up by the hash of the presented secret. A secret is <see cref="Prefix"/> followed
/// by 256 random bits in base64url; its SHA-256 is what the table keeps (a random secret needs no slow hash).
/// </summary>
public sealed class ApiTokenStore(NpgsqlDataSource dataSource, IClock clock)
{
    public const string Prefix = "pct_";
    private const string T = ApiTokenSchema.Name + ".api_tokens";
    private const string Columns = "id, name, role, tenant, territories, created_at, revoked_at";

    public async Task<IssuedToken> CreateAsync(
        string role, TenantId tenant, IReadOnlyList<string>? territories, string? name, CancellationToken ct = default)
    {
        if (!ParcoursRoles.IsKnown(role))
            throw new ArgumentException($"Rôle inconnu : « {role} » (attendu : {string.Join(", ", ParcoursRoles.All)}).", nameof(role));
        var cleanTerritories = (territories ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToArray();
        if (cleanTerritories.Length > 0 && role != ParcoursRoles.Manager)
            throw new ArgumentException("Seul un jeton de gestionnaire (manager) peut être limité à des territoires.", nameof(territories));
        var id = Guid.NewGuid();
        var tokenName = string.IsNullOrWhiteSpace(name) ? $"{role}-{tenant.Code}-{id.ToString("N")[..8]}" : name.Trim();
        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken(id, tokenName, role, tenant, cleanTerritories, Truncate(clock.GetCurrentInstant()), null);

        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {T} (id, name, role, tenant, territories, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)");
        command.Parameters.Add(new() { Value = id, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = tokenName, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = role, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = cleanTerritories, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = Hash(secret), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new() { Value = token.CreatedAt.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(ct);
        return new IssuedToken(token, secret);
    }

    /// <summary>How long an answer of <see cref="FindActiveAsync"/> is reused by this process.</summary>
    public static readonly Duration LookupCacheDuration = Duration.FromSeconds(30);

    private const int LookupCacheCapacity = 10_000;
    private readonly ConcurrentDictionary<string, (ApiToken? Token, Instant Until)> _lookups = new();

    /// <summary>
    /// The active (not revoked) token whose secret this is, or null. Answers (found or not) are kept for
    /// <see cref="LookupCacheDuration"/>, so that a request does not cost a database round trip for its token: a
    /// revocation by this process applies at once, one by another process (another server, the CLI) within 30 s.
    /// </summary>
    public async Task<ApiToken?> FindActiveAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var hash = Hash(secret);
        var key = Convert.ToHexString(hash);
        var now = clock.GetCurrentInstant();
        if (_lookups.TryGetValue(key, out var cached) && cached.Until > now) return cached.Token;

        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM {T} WHERE secret_hash = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new() { Value = hash, NpgsqlDbType = NpgsqlDbType.Bytea });
        var token = (await ReadAsync(command, ct)).SingleOrDefault();
        if (_lookups.Count >= LookupCacheCapacity) _lookups.Clear(); // many distinct secrets: someone is guessing
        _lookups[key] = (token, now + LookupCacheDuration);
        return token;
    }

    /// <summary>The tokens of one département (or of all, when <paramref name="tenant"/> is null), newest first.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListAsync(TenantId? tenant, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM {T} WHERE $1::text IS NULL OR tenant = $1 ORDER BY created_at DESC, name");
        command.Parameters.Add(new() { Value = (object?)tenant?.Code ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return await ReadAsync(command, ct);
    }

    /// <summary>Revokes a token (of <paramref name="tenant"/> only, when given). False when no such active token exists.</summary>
    public async Task<bool> RevokeAsync(Guid id, TenantId? tenant, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE {T} SET revoked_at = $3 WHERE id = $1 AND ($2::text IS NULL OR tenant = $2) AND revoked_at IS NULL");
        command.Parameters.Add(new() { Value = id, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)tenant?.Code ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = clock.GetCurrentInstant().ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var revoked = await command.ExecuteNonQueryAsync(ct) == 1;
        foreach (var (key, entry) in _lookups)
            if (entry.Token?.Id == id) _lookups.TryRemove(key, out _);
        return revoked;
    }

    private static async Task<List<ApiToken>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var tokens = new List<ApiToken>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tokens.Add(new ApiToken(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), TenantId.Parse(reader.GetString(3)),
                reader.GetFieldValue<string[]>(4),
                Instant.FromDateTimeUtc(reader.GetDateTime(5)),
                reader.IsDBNull(6) ? null : Instant.FromDateTimeUtc(reader.GetDateTime(6))));
        }
        return tokens;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static Instant Truncate(Instant instant) => Instant.FromUnixTimeTicks(instant.ToUnixTimeTicks() / 10 * 10);
}
