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

        // One round trip. Taking the table's write lock first makes a concurrent RewrapAsync (which locks it exclusively)
        // finish before the key is checked; every write below is conditioned on this instance's key being the current one,
        // so nothing is ever written under a retired key (the key rows are then read and a wrong key throws).
        // A CAF key or a NIR names one case of a tenant: saving it for a case takes it from any other case that had it.
        const string KeyIsCurrent = $"EXISTS (SELECT 1 FROM {S}.master_keys WHERE key_id = $2 AND retired_at IS NULL)";
        var now = _clock.GetCurrentInstant().ToDateTimeUtc();
        var cases = rows.Select(r => r.Case.Value).ToArray();
        NpgsqlParameter Bytes(Func<SealedRow, byte[]?> column) =>
            new() { Value = rows.Select(column).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea };
        NpgsqlBatchCommand TakeOver(string column, Func<SealedRow, byte[]?> index) => new($"""
            UPDATE {S}.identities i SET {column} = NULL FROM unnest($3::uuid[], $4::bytea[]) AS t (case_id, idx)
            WHERE i.tenant = $1 AND i.{column} = t.idx AND i.case_id <> t.case_id AND {KeyIsCurrent}
            """)
        {
            Parameters = { new() { Value = code }, new() { Value = key.Id }, new() { Value = cases }, Bytes(index) },
        };
        var upsert = new NpgsqlBatchCommand($"""
            INSERT INTO {S}.identities (tenant, case_id, master_key_id, data_key, identity, caf_index, nir_index, name_index, saved_at, erased_at)
            SELECT $1, case_id, $2, data_key, identity, caf_index, nir_index, name_index, $9, NULL
            FROM unnest($3::uuid[], $4::bytea[], $5::bytea[], $6::bytea[], $7::bytea[], $8::bytea[])
                AS t (case_id, data_key, identity, caf_index, nir_index, name_index)
            WHERE {KeyIsCurrent}
            ON CONFLICT (tenant, case_id) DO UPDATE SET
                master_key_id = excluded.master_key_id, data_key = excluded.data_key, identity = excluded.identity,
                caf_index = excluded.caf_index, nir_index = excluded.nir_index, name_index = excluded.name_index,
                saved_at = excluded.saved_at, erased_at = NULL
            """)
        {
            Parameters =
            {
                new() { Value = code }, new() { Value = key.Id }, new() { Value = cases },
                Bytes(r => r.DataKey), Bytes(r => r.Identity), Bytes(r => r.CafIndex), Bytes(r => r.NirIndex), Bytes(r => r.NameIndex),
                new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new($"LOCK TABLE {S}.identities IN ROW EXCLUSIVE MODE"),
                new(RegisterKeySql) { Parameters = { new() { Value = key.Id }, new() { Value = now } } },
                TakeOver("caf_index", r => r.CafIndex),
                TakeOver("nir_index", r => r.NirIndex),
                upsert,
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await EnsureCurrentKeyAsync(reader, key, cancellationToken);
        while (await reader.NextResultAsync(cancellationToken))
        {
        }
    }

    public Task<IReadOnlyDictionary<CafPersonKey, CaseId>> FindByCafAsync(
        string tenant, IReadOnlyCollection<CafPersonKey> keys, CancellationToken cancellationToken = default) =>
        FindByCafAsync(null, null, tenant, keys, cancellationToken);

    public Task<IReadOnlyDictionary<CafPersonKey, CaseId>> FindByCafAsync(
        NpgsqlConnection? connection, NpgsqlTransaction? transaction, string tenant, IReadOnlyCollection<CafPersonKey> keys,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var code = TenantCode(tenant);
        var key = _key;
        return FindAsync(connection, transaction, code, key, "caf_index", keys, (indexer, k) => indexer.Caf(k.CafNumber, k.Role), cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, CaseId>> FindByNirAsync(
        string tenant, IReadOnlyCollection<string> nirs, CancellationToken cancellationToken = default) =>
        FindByNirAsync(null, null, tenant, nirs, cancellationToken);

    public Task<IReadOnlyDictionary<string, CaseId>> FindByNirAsync(
        NpgsqlConnection? connection, NpgsqlTransaction? transaction, string tenant, IReadOnlyCollection<string> nirs,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nirs);
        var code = TenantCode(tenant);
        var key = _key;
        return FindAsync(connection, transaction, code, key, "nir_index", nirs, (indexer, n) => indexer.Nir(n), cancellationToken);
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
        NpgsqlConnection? connection, NpgsqlTransaction? transaction,
        string code, MasterKey key, string column, IReadOnlyCollection<TKey> keys, Func<BlindIndexer, TKey, byte[]?> index, CancellationToken ct)
        where TKey : notnull
    {
        var found = new Dictionary<TKey, CaseId>();
        foreach (var (k, caseId) in await LookUpAsync(code, key, column, keys, index, ct, connection, transaction))
        {
            found[k] = caseId;
        }
        return found;
    }

    /// <summary>
    /// Every (key, case) whose blind index in <paramref name="column"/> matches, after checking the master key; in the
    /// caller's transaction when one is given.
    /// </summary>
    private async Task<List<(TKey Key, CaseId Case)>> LookUpAsync<TKey>(
        string code, MasterKey key, string column, IReadOnlyCollection<TKey> keys, Func<BlindIndexer, TKey, byte[]?> index, CancellationToken ct,
        NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null)
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
        await using var batch = connection is null ? _dataSource.CreateBatch() : new NpgsqlBatch(connection, transaction);
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

    /// <summary>
    /// Validates the batch and seals each identity under a fresh data key. Error messages name cases, never people. The
    /// cryptography (HMACs, a data key, two seals per person) runs on every core first; validation then goes through the
    /// batch in order, as one loop would.
    /// </summary>
    private static List<SealedRow> Seal(string code, MasterKey key, IReadOnlyCollection<(CaseId Case, PersonIdentity Identity)> identities)
    {
        var items = identities as IReadOnlyList<(CaseId Case, PersonIdentity Identity)> ?? [.. identities];
        var sealedRows = SealAll(code, key, items);
        var rows = new List<SealedRow>(items.Count);
        var cases = new HashSet<CaseId>();
        var cafOwners = new Dictionary<byte[], CaseId>(BlindIndexComparer.Instance);
        var nirOwners = new Dictionary<byte[], CaseId>(BlindIndexComparer.Instance);
        for (var i = 0; i < items.Count; i++)
        {
            var (@case, identity) = items[i];
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
            var row = sealedRows[i]!;
            if (!string.IsNullOrWhiteSpace(identity.Nir) && row.NirIndex is null)
            {
                throw new ArgumentException(
                    $"Le NIR du dossier {@case} est invalide (13 caractères, ou 15 avec une clé de contrôle juste).", nameof(identities));
            }
            ClaimOnce(cafOwners, row.CafIndex, @case, "numéro CAF et rôle");
            ClaimOnce(nirOwners, row.NirIndex, @case, "NIR");
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Below this many identities the batch is sealed on one thread (starting workers would cost more).</summary>
    private const int ParallelSealThreshold = 256;

    /// <summary>Each identity's blind indexes and sealed values (null for an identity without both names, refused afterwards).</summary>
    private static SealedRow?[] SealAll(string code, MasterKey key, IReadOnlyList<(CaseId Case, PersonIdentity Identity)> items)
    {
        var result = new SealedRow?[items.Count];
        void SealRange(int from, int to)
        {
            using var indexer = new BlindIndexer(key, code);
            using var wrapper = IdentityCrypto.KeyWrapper(key);
            for (var i = from; i < to; i++)
            {
                var (@case, identity) = items[i];
                if (identity is null || identity.LastName is null || identity.FirstName is null) continue;
                var dataKey = IdentityCrypto.NewDataKey();
                try
                {
                    result[i] = new SealedRow(
                        @case,
                        IdentityCrypto.Seal(wrapper, dataKey, IdentityCrypto.Binding(code, @case, DataKeyPurpose)),
                        IdentityCrypto.Seal(dataKey, IdentityCrypto.Serialize(identity), IdentityCrypto.Binding(code, @case, IdentityPurpose)),
                        indexer.Caf(identity.CafNumber, identity.CafRole),
                        string.IsNullOrWhiteSpace(identity.Nir) ? null : indexer.Nir(identity.Nir),
                        indexer.Name(identity.LastName, identity.FirstName));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(dataKey);
                }
            }
        }

        if (items.Count < ParallelSealThreshold || Environment.ProcessorCount == 1)
        {
            SealRange(0, items.Count);
        }
        else
        {
            var chunk = (items.Count + Environment.ProcessorCount - 1) / Environment.ProcessorCount;
            Parallel.For(0, Environment.ProcessorCount, worker => SealRange(worker * chunk, Math.Min(items.Count, (worker + 1) * chunk)));
        }
        return result;
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
