using System.Security.Cryptography;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Identity;

public sealed partial class PostgresIdentityStore
{
    private const int BackfillBatch = 1_000;

    /// <summary>
    /// Fills the name index of identities saved before it existed (schema version 2): each such identity is decrypted once,
    /// in memory, its name index computed and written. Run by <see cref="EnsureSchemaAsync"/>, so that every process that
    /// starts (server, imports, commands) leaves no identity unfindable by name; a no-op once done. Batches of
    /// 1 000 rows; a row saved again or erased meanwhile is left alone (it is matched on its data key). Nothing is logged
    /// to the access log: nobody reads the identity. A row that does not open (altered) is skipped, not fatal; a row
    /// under another master key is (<see cref="MasterKeyException"/>). Returns how many rows were filled;
    /// <paramref name="progress"/> gets the running count after each batch.
    /// </summary>
    public async Task<int> BackfillNameIndexAsync(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var key = _key;
        var filled = 0;
        var (afterTenant, afterCase) = ("", Guid.Empty);
        using var unwrapper = IdentityCrypto.KeyWrapper(key);
        var indexers = new Dictionary<string, BlindIndexer>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                var (tenants, cases, dataKeys, indexes) = (new List<string>(), new List<Guid>(), new List<byte[]>(), new List<byte[]>());
                var read = 0;
                await using (var select = _dataSource.CreateCommand($"""
                    SELECT tenant, case_id, master_key_id, data_key, identity FROM {S}.identities
                    WHERE data_key IS NOT NULL AND name_index IS NULL AND (tenant, case_id) > ($1, $2)
                    ORDER BY tenant, case_id LIMIT {BackfillBatch}
                    """))
                {
                    select.Parameters.Add(new() { Value = afterTenant });
                    select.Parameters.Add(new() { Value = afterCase });
                    await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        read++;
                        var tenant = reader.GetString(0);
                        var @case = new CaseId(reader.GetGuid(1));
                        (afterTenant, afterCase) = (tenant, @case.Value);
                        if (reader.GetString(2) != key.Id)
                        {
                            throw WrongKey(reader.GetString(2), key);
                        }
                        if (!indexers.TryGetValue(tenant, out var indexer))
                        {
                            indexers[tenant] = indexer = new BlindIndexer(key, tenant);
                        }
                        var sealedKey = reader.GetFieldValue<byte[]>(3);
                        if (NameIndexOf(unwrapper, key, indexer, tenant, @case, sealedKey, reader.GetFieldValue<byte[]>(4)) is { } index)
                        {
                            tenants.Add(tenant);
                            cases.Add(@case.Value);
                            dataKeys.Add(sealedKey);
                            indexes.Add(index);
                        }
                    }
                }
                if (read == 0)
                {
                    return filled;
                }
                if (tenants.Count > 0)
                {
                    await using var update = _dataSource.CreateCommand($"""
                        UPDATE {S}.identities i SET name_index = u.name_index
                        FROM unnest($1::text[], $2::uuid[], $3::bytea[], $4::bytea[]) AS u(tenant, case_id, data_key, name_index)
                        WHERE i.tenant = u.tenant AND i.case_id = u.case_id AND i.data_key = u.data_key AND i.name_index IS NULL
                        """);
                    update.Parameters.Add(new() { Value = tenants.ToArray() });
                    update.Parameters.Add(new() { Value = cases.ToArray() });
                    update.Parameters.Add(new() { Value = dataKeys.ToArray() });
                    update.Parameters.Add(new() { Value = indexes.ToArray() });
                    filled += await update.ExecuteNonQueryAsync(cancellationToken);
                }
                progress?.Report(filled);
            }
        }
        finally
        {
            foreach (var indexer in indexers.Values) indexer.Dispose();
        }
    }

    /// <summary>
    /// The name index of one sealed identity; null when its name is blank once normalised, or when the row does not open
    /// (altered or moved data): such a row is left without index rather than stopping every process at start-up; reading
    /// it reports the damage.
    /// </summary>
    private static byte[]? NameIndexOf(
        AesGcm unwrapper, MasterKey key, BlindIndexer indexer, string tenant, CaseId @case, byte[] sealedKey, byte[] sealedIdentity)
    {
        byte[] dataKey;
        try
        {
            dataKey = OpenDataKey(unwrapper, key, tenant, @case, sealedKey);
        }
        catch (MasterKeyException)
        {
            return null;
        }
        try
        {
            var identity = OpenIdentity(dataKey, tenant, @case, sealedIdentity);
            return indexer.Name(identity.LastName, identity.FirstName);
        }
        catch (IdentityStoreException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}
