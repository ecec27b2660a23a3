using System.Security.Cryptography;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Parcours.Domain.Pathways;
using Parcours.EventStore;

namespace Parcours.Application.Identity;

/// <summary>
/// The identity store on PostgreSQL (schema <c>parcours_identity</c>): each identity sealed with its own random data key,
/// the data key sealed with the master key, CAF keys and NIRs findable through blind indexes only. Reads and erasures are
/// logged in the statement that performs them. See docs/privacy.md.
/// </summary>
public sealed partial class PostgresIdentityStore : IIdentityStore
{
    private const string S = IdentitySchema.Name;
    private const string DataKeyPurpose = "data-key";
    private const string IdentityPurpose = "identity";

    /// <summary>What erasure does to a row: every secret gone, the row and its erasure instant kept.</summary>
    private const string EraseSet =
        "master_key_id = NULL, data_key = NULL, identity = NULL, caf_index = NULL, nir_index = NULL, name_index = NULL, erased_at";

    private readonly NpgsqlDataSource _dataSource;
    private readonly IClock _clock;
    private volatile MasterKey _key;

    public PostgresIdentityStore(NpgsqlDataSource dataSource, MasterKey masterKey, IClock clock, IdentityStoreOptions? options = null)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _key = masterKey ?? throw new ArgumentNullException(nameof(masterKey));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Options = options ?? new IdentityStoreOptions();
    }

    public IdentityStoreOptions Options { get; }

    /// <summary>Fingerprint of the master key this instance uses.</summary>
    public string MasterKeyId => _key.Id;

    /// <summary>
    /// Creates or migrates the <c>parcours_identity</c> schema, then registers this instance's master key if none is yet,
    /// or checks that it is the registered one (start-up fails fast on a wrong key), then fills the name index of identities
    /// saved before it existed (<see cref="BackfillNameIndexAsync"/>). Returns the migrations applied.
    /// </summary>
    public async Task<IReadOnlyList<int>> EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var applied = await IdentitySchema.EnsureAsync(_dataSource, cancellationToken);
        var key = _key;
        await using var command = _dataSource.CreateCommand(RegisterKeySql);
        command.Parameters.Add(new() { Value = key.Id });
        command.Parameters.Add(new() { Value = _clock.GetCurrentInstant().ToDateTimeUtc() });
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await EnsureCurrentKeyAsync(reader, key, cancellationToken);
        }
        await BackfillNameIndexAsync(cancellationToken: cancellationToken);
        return applied;
    }

    /// <summary>Registers $1 as the master key unless one is registered; returns the current key (one row).</summary>
    private const string RegisterKeySql = $"""
        WITH registered AS (
            INSERT INTO {S}.master_keys (key_id, registered_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING key_id)
        SELECT key_id FROM registered UNION ALL SELECT key_id FROM {S}.master_keys WHERE retired_at IS NULL
        """;

    public async Task SaveAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string tenant,
        IReadOnlyCollection<(CaseId Case, PersonIdentity Identity)> identities,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(identities);
        var code = TenantCode(tenant);
        var key = _key;
        var rows = Seal(code, key, identities);
        if (rows.Count == 0)
        {
            return;
        }

        // Taking the table's write lock first makes a concurrent RewrapAsync (which locks it exclusively) finish before
        // the key is checked, so nothing is ever written under a retired key.
        await using (var prepare = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new($"LOCK TABLE {S}.identities IN ROW EXCLUSIVE MODE"),
                new(RegisterKeySql)
                {
                    Parameters = { new() { Value = key.Id }, new() { Value = _clock.GetCurrentInstant().ToDateTimeUtc() } },
                },
                new("DROP TABLE IF EXISTS pg_temp.identity_save"),
                new("""
                    CREATE TEMP TABLE identity_save (
                        case_id uuid, master_key_id text, data_key bytea, identity bytea, caf_index bytea, nir_index bytea, name_index bytea)
                    ON COMMIT DROP
                    """),
            },
        })
        {
            await using var reader = await prepare.ExecuteReaderAsync(cancellationToken);
            await EnsureCurrentKeyAsync(reader, key, cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY identity_save (case_id, master_key_id, data_key, identity, caf_index, nir_index, name_index) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(row.Case.Value, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(key.Id, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.DataKey, NpgsqlDbType.Bytea, cancellationToken);
                await copy.WriteAsync(row.Identity, NpgsqlDbType.Bytea, cancellationToken);
                await WriteNullableAsync(copy, row.CafIndex, cancellationToken);
                await WriteNullableAsync(copy, row.NirIndex, cancellationToken);
                await WriteNullableAsync(copy, row.NameIndex, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }

        // A CAF key or a NIR names one case of a tenant: saving it for a case takes it from any other case that had it.
        await using var apply = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("ANALYZE identity_save"),
                new($"""
                    UPDATE {S}.identities i SET caf_index = NULL FROM identity_save t
                    WHERE i.tenant = $1 AND i.caf_index = t.caf_index AND i.case_id <> t.case_id
                    """) { Parameters = { new() { Value = code } } },
                new($"""
                    UPDATE {S}.identities i SET nir_index = NULL FROM identity_save t
                    WHERE i.tenant = $1 AND i.nir_index = t.nir_index AND i.case_id <> t.case_id
                    """) { Parameters = { new() { Value = code } } },
                new($"""
                    INSERT INTO {S}.identities (tenant, case_id, master_key_id, data_key, identity, caf_index, nir_index, name_index, saved_at, erased_at)
                    SELECT $1, case_id, master_key_id, data_key, identity, caf_index, nir_index, name_index, $2, NULL FROM identity_save
                    ON CONFLICT (tenant, case_id) DO UPDATE SET
                        master_key_id = excluded.master_key_id, data_key = excluded.data_key, identity = excluded.identity,
                        caf_index = excluded.caf_index, nir_index = excluded.nir_index, name_index = excluded.name_index,
                        saved_at = excluded.saved_at, erased_at = NULL
                    """)
                {
                    Parameters = { new() { Value = code }, new() { Value = _clock.GetCurrentInstant().ToDateTimeUtc() } },
                },
                new("DROP TABLE identity_save"),
            },
        };
        await apply.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyDictionary<CafPersonKey, CaseId>> FindByCafAsync(
        string tenant, IReadOnlyCollection<CafPersonKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var code = TenantCode(tenant);
        var key = _key;
        return FindAsync(code, key, "caf_index", keys, (indexer, k) => indexer.Caf(k.CafNumber, k.Role), cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, CaseId>> FindByNirAsync(
        string tenant, IReadOnlyCollection<string> nirs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nirs);
        var code = TenantCode(tenant);
        var key = _key;
        return FindAsync(code, key, "nir_index", nirs, (indexer, n) => indexer.Nir(n), cancellationToken);
    }

    public async Task<IReadOnlyList<CaseId>> FindByNameAsync(
        string tenant, string lastName, string firstName, CancellationToken cancellationToken = default)
    {
        var code = TenantCode(tenant);
        var key = _key;
        byte[]? index;
        using (var indexer = new BlindIndexer(key, code))
        {
            index = indexer.Name(lastName, firstName);
        }
        if (index is null)
        {
            return [];
        }
        var found = await LookUpAsync(code, key, "name_index", [index], (_, i) => i, cancellationToken);
        return [.. found.Select(f => f.Case).OrderBy(c => c.Value)];
    }

    public async Task<PersonIdentity?> ReadAsync(string tenant, CaseId @case, IdentityAccess access, CancellationToken cancellationToken = default)
    {
        var code = TenantCode(tenant);
        CheckAccess(access);
        var key = _key;

        // One statement: the access is logged (found or not) together with the read, or neither happens.
        await using var command = _dataSource.CreateCommand($"""
            WITH logged AS (
                INSERT INTO {S}.access_log (tenant, case_id, action, actor, reason, at, found)
                SELECT $1, $2, 'read', $3, $4, $5,
                    EXISTS (SELECT 1 FROM {S}.identities WHERE tenant = $1 AND case_id = $2 AND data_key IS NOT NULL))
            SELECT master_key_id, data_key, identity FROM {S}.identities WHERE tenant = $1 AND case_id = $2 AND data_key IS NOT NULL
            """);
        AddAccessParameters(command, code, @case, access);
        byte[] dataKey, sealedIdentity;
        string keyId;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            keyId = reader.GetString(0);
            dataKey = reader.GetFieldValue<byte[]>(1);
            sealedIdentity = reader.GetFieldValue<byte[]>(2);
        }

        if (keyId != key.Id)
        {
            throw WrongKey(keyId, key);
        }
        byte[] plainKey;
        using (var unwrapper = IdentityCrypto.KeyWrapper(key))
        {
            plainKey = OpenDataKey(unwrapper, key, code, @case, dataKey);
        }
        try
        {
            return OpenIdentity(plainKey, code, @case, sealedIdentity);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plainKey);
        }
    }

    private static byte[] OpenDataKey(AesGcm unwrapper, MasterKey key, string code, CaseId @case, byte[] sealedKey)
    {
        try
        {
            return IdentityCrypto.Open(unwrapper, sealedKey, IdentityCrypto.Binding(code, @case, DataKeyPurpose));
        }
        catch (CryptographicException)
        {
            throw new MasterKeyException(
                $"La clé du dossier {@case} ne s'ouvre pas avec la clé maîtresse {key.Id} : donnée altérée ou déplacée, rien n'a été déchiffré.");
        }
    }

    private static PersonIdentity OpenIdentity(byte[] dataKey, string code, CaseId @case, byte[] sealedIdentity)
    {
        try
        {
            return IdentityCrypto.Deserialize(IdentityCrypto.Open(dataKey, sealedIdentity, IdentityCrypto.Binding(code, @case, IdentityPurpose)));
        }
        catch (CryptographicException)
        {
            throw new IdentityStoreException($"L'identité chiffrée du dossier {@case} est altérée : elle ne peut pas être déchiffrée.");
        }
    }

    public async Task<bool> EraseAsync(string tenant, CaseId @case, IdentityAccess access, CancellationToken cancellationToken = default)
    {
        var code = TenantCode(tenant);
        CheckAccess(access);
        await using var command = _dataSource.CreateCommand($"""
            WITH erased AS (
                UPDATE {S}.identities
                SET {EraseSet} = $5
                WHERE tenant = $1 AND case_id = $2 AND data_key IS NOT NULL
                RETURNING case_id)
            INSERT INTO {S}.access_log (tenant, case_id, action, actor, reason, at, found)
            SELECT $1, $2, 'erase', $3, $4, $5, EXISTS (SELECT 1 FROM erased)
            RETURNING found
            """);
        AddAccessParameters(command, code, @case, access);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The tenant's access log, oldest first, filtered; for auditors.</summary>
    public async Task<IReadOnlyList<IdentityAccessEntry>> AccessLogAsync(
        string tenant, IdentityAccessFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var code = TenantCode(tenant);
        filter ??= new IdentityAccessFilter();
        if (filter.Limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(filter), "La limite du journal des accès doit être positive.");
        }
        await using var command = _dataSource.CreateCommand($"""
            SELECT id, at, tenant, case_id, action, actor, reason, found FROM {S}.access_log
            WHERE tenant = $1 AND ($2::uuid IS NULL OR case_id = $2) AND ($3::text IS NULL OR actor = $3)
              AND ($4::text IS NULL OR action = $4) AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
            ORDER BY at, id
            LIMIT $7
            """);
        command.Parameters.Add(new() { Value = code });
        command.Parameters.Add(Nullable(filter.Case?.Value, NpgsqlDbType.Uuid));
        command.Parameters.Add(Nullable(filter.Actor, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(filter.Action is { } a ? ActionName(a) : null, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(filter.From?.ToDateTimeUtc(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Nullable(filter.To?.ToDateTimeUtc(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(new() { Value = filter.Limit });

        var entries = new List<IdentityAccessEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new IdentityAccessEntry(
                reader.GetInt64(0),
                Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)),
                reader.GetString(2),
                new CaseId(reader.GetGuid(3)),
                reader.GetString(4) == "read" ? IdentityAccessAction.Read : IdentityAccessAction.Erase,
                reader.GetString(5),
                reader.GetString(6),
                reader.GetBoolean(7)));
        }
        return entries;
    }

    private async Task<IReadOnlyDictionary<TKey, CaseId>> FindAsync<TKey>(
        string code, MasterKey key, string column, IReadOnlyCollection<TKey> keys, Func<BlindIndexer, TKey, byte[]?> index, CancellationToken ct)
        where TKey : notnull
    {
        var found = new Dictionary<TKey, CaseId>();
        foreach (var (k, caseId) in await LookUpAsync(code, key, column, keys, index, ct))
        {
            found[k] = caseId;
        }
        return found;
    }

    /// <summary>Every (key, case) whose blind index in <paramref name="column"/> matches, after checking the master key.</summary>
    private async Task<List<(TKey Key, CaseId Case)>> LookUpAsync<TKey>(
        string code, MasterKey key, string column, IReadOnlyCollection<TKey> keys, Func<BlindIndexer, TKey, byte[]?> index, CancellationToken ct)
        where TKey : notnull
    {
        var wanted = new Dictionary<byte[], List<TKey>>(BlindIndexComparer.Instance);
        using (var indexer = new BlindIndexer(key, code))
        {
            foreach (var k in keys.Distinct())
            {
                if (index(indexer, k) is { } i)
                {
                    if (!wanted.TryGetValue(i, out var list))
                    {
                        wanted[i] = list = [];
                    }
                    list.Add(k);
                }
            }
        }
        var found = new List<(TKey, CaseId)>();
        if (wanted.Count == 0)
        {
            return found;
        }

        // One round trip: the key check and the lookup of the whole batch.
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(new($"SELECT key_id FROM {S}.master_keys WHERE retired_at IS NULL"));
        batch.BatchCommands.Add(new($"""
            SELECT i.{column}, i.case_id FROM unnest($2::bytea[]) AS w(idx)
            JOIN {S}.identities i ON i.tenant = $1 AND i.{column} = w.idx
            """)
        {
            Parameters = { new() { Value = code }, new() { Value = wanted.Keys.ToArray() } },
        });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (await reader.ReadAsync(ct) && reader.GetString(0) is var current && current != key.Id)
        {
            throw WrongKey(current, key);
        }
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var caseId = new CaseId(reader.GetGuid(1));
            foreach (var k in wanted[reader.GetFieldValue<byte[]>(0)])
            {
                found.Add((k, caseId));
            }
        }
        return found;
    }

    private sealed record SealedRow(CaseId Case, byte[] DataKey, byte[] Identity, byte[]? CafIndex, byte[]? NirIndex, byte[]? NameIndex);

    /// <summary>Validates the batch and seals each identity under a fresh data key. Error messages name cases, never people.</summary>
    private static List<SealedRow> Seal(string code, MasterKey key, IReadOnlyCollection<(CaseId Case, PersonIdentity Identity)> identities)
    {
        var rows = new List<SealedRow>(identities.Count);
        var cases = new HashSet<CaseId>();
        var cafOwners = new Dictionary<byte[], CaseId>(BlindIndexComparer.Instance);
        var nirOwners = new Dictionary<byte[], CaseId>(BlindIndexComparer.Instance);
        using var indexer = new BlindIndexer(key, code);
        using var wrapper = IdentityCrypto.KeyWrapper(key);
        foreach (var (@case, identity) in identities)
        {
            if (identity is null || identity.LastName is null || identity.FirstName is null)
            {
                throw new ArgumentException($"L'identité du dossier {@case} est incomplète : nom et prénom sont obligatoires.", nameof(identities));
            }
            if (!cases.Add(@case))
            {
                throw new ArgumentException($"Le dossier {@case} figure deux fois dans le lot d'identités.", nameof(identities));
            }
            if (string.IsNullOrWhiteSpace(identity.CafNumber) != string.IsNullOrWhiteSpace(identity.CafRole))
            {
                throw new ArgumentException($"L'identité du dossier {@case} a un numéro CAF sans rôle, ou un rôle sans numéro CAF.", nameof(identities));
            }
            var cafIndex = indexer.Caf(identity.CafNumber, identity.CafRole);
            byte[]? nirIndex = null;
            if (!string.IsNullOrWhiteSpace(identity.Nir))
            {
                nirIndex = indexer.Nir(identity.Nir)
                    ?? throw new ArgumentException(
                        $"Le NIR du dossier {@case} est invalide (13 caractères, ou 15 avec une clé de contrôle juste).", nameof(identities));
            }
            ClaimOnce(cafOwners, cafIndex, @case, "numéro CAF et rôle");
            ClaimOnce(nirOwners, nirIndex, @case, "NIR");

            var dataKey = IdentityCrypto.NewDataKey();
            try
            {
                rows.Add(new SealedRow(
                    @case,
                    IdentityCrypto.Seal(wrapper, dataKey, IdentityCrypto.Binding(code, @case, DataKeyPurpose)),
                    IdentityCrypto.Seal(dataKey, IdentityCrypto.Serialize(identity), IdentityCrypto.Binding(code, @case, IdentityPurpose)),
                    cafIndex,
                    nirIndex,
                    indexer.Name(identity.LastName, identity.FirstName)));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }
        return rows;
    }

    private static void ClaimOnce(Dictionary<byte[], CaseId> owners, byte[]? index, CaseId @case, string what)
    {
        if (index is not null && !owners.TryAdd(index, @case))
        {
            throw new ArgumentException($"Les dossiers {owners[index]} et {@case} ont le même {what} dans le lot d'identités.", "identities");
        }
    }

    private static async Task EnsureCurrentKeyAsync(NpgsqlDataReader reader, MasterKey key, CancellationToken ct)
    {
        while (await reader.ReadAsync(ct))
        {
            var current = reader.GetString(0);
            if (current != key.Id)
            {
                throw WrongKey(current, key);
            }
        }
    }

    private static MasterKeyException WrongKey(string storedKeyId, MasterKey configured) =>
        new($"Les identités sont chiffrées avec la clé maîtresse {storedKeyId}, mais la clé configurée est {configured.Id} : "
            + $"rien n'a été déchiffré ni écrit. Configurez la bonne clé ({MasterKeyProvider.Variable} ou le fichier {MasterKeyProvider.FileName}).");

    private static string TenantCode(string tenant) =>
        TenantId.TryParse(tenant, out var id)
            ? id.Code
            : throw new ArgumentException($"« {tenant} » n'est pas un code de département.", nameof(tenant));

    private static void CheckAccess(IdentityAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (string.IsNullOrWhiteSpace(access.Actor))
        {
            throw new ArgumentException("L'auteur de l'accès à une identité est obligatoire.", nameof(access));
        }
        if (string.IsNullOrWhiteSpace(access.Reason))
        {
            throw new ArgumentException("Un motif est obligatoire pour consulter ou effacer une identité ; il est inscrit au journal des accès.", nameof(access));
        }
    }

    private void AddAccessParameters(NpgsqlCommand command, string code, CaseId @case, IdentityAccess access)
    {
        command.Parameters.Add(new() { Value = code });
        command.Parameters.Add(new() { Value = @case.Value });
        command.Parameters.Add(new() { Value = access.Actor.Trim() });
        command.Parameters.Add(new() { Value = access.Reason.Trim() });
        command.Parameters.Add(new() { Value = _clock.GetCurrentInstant().ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
    }

    private static string ActionName(IdentityAccessAction action) => action == IdentityAccessAction.Read ? "read" : "erase";

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, byte[]? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Bytea, ct);
}

/// <summary>The identity store refuses or cannot complete an operation (never carries a person's data in its message).</summary>
public sealed class IdentityStoreException(string message) : Exception(message);
