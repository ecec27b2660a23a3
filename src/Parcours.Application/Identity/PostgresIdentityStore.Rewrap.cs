using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Identity;

public sealed partial class PostgresIdentityStore
{
    /// <summary>
    /// Rotates the master key: every data key is unwrapped with the current key and wrapped again with
    /// <paramref name="newMasterKey"/>, and every blind index (name index included) recomputed under it (identities
    /// themselves are not re-encrypted: their data keys do not change). One transaction, with the identities locked against writes; then the new key is the
    /// registered one and this instance uses it. Other processes must be restarted with the new key. Returns how many
    /// identities were rewrapped.
    /// </summary>
    public async Task<int> RewrapAsync(MasterKey newMasterKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newMasterKey);
        var oldKey = _key;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var prepare = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new($"LOCK TABLE {S}.identities IN EXCLUSIVE MODE"),
                new($"SELECT key_id FROM {S}.master_keys WHERE retired_at IS NULL FOR UPDATE"),
            },
        })
        {
            await using var reader = await prepare.ExecuteReaderAsync(cancellationToken);
            await EnsureCurrentKeyAsync(reader, oldKey, cancellationToken);
        }
        if (newMasterKey.Id == oldKey.Id)
        {
            return 0;
        }

        var rows = await RewrapRowsAsync(connection, transaction, oldKey, newMasterKey, cancellationToken);

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY identity_rewrap (tenant, case_id, data_key, caf_index, nir_index, name_index) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (tenant, @case, dataKey, cafIndex, nirIndex, nameIndex) in rows)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(tenant, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(@case.Value, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(dataKey, NpgsqlDbType.Bytea, cancellationToken);
                await WriteNullableAsync(copy, cafIndex, cancellationToken);
                await WriteNullableAsync(copy, nirIndex, cancellationToken);
                await WriteNullableAsync(copy, nameIndex, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }

        var now = _clock.GetCurrentInstant().ToDateTimeUtc();
        await using (var apply = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new($"""
                    UPDATE {S}.identities i SET master_key_id = $1, data_key = r.data_key, caf_index = r.caf_index, nir_index = r.nir_index,
                        name_index = r.name_index
                    FROM identity_rewrap r WHERE i.tenant = r.tenant AND i.case_id = r.case_id
                    """) { Parameters = { new() { Value = newMasterKey.Id } } },
                new($"UPDATE {S}.master_keys SET retired_at = $2 WHERE key_id = $1")
                {
                    Parameters = { new() { Value = oldKey.Id }, new() { Value = now } },
                },
                new($"""
                    INSERT INTO {S}.master_keys (key_id, registered_at) VALUES ($1, $2)
                    ON CONFLICT (key_id) DO UPDATE SET registered_at = excluded.registered_at, retired_at = NULL
                    """) { Parameters = { new() { Value = newMasterKey.Id }, new() { Value = now } } },
            },
        })
        {
            await apply.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        _key = newMasterKey;
        return rows.Count;
    }

    private static async Task<List<(string Tenant, CaseId Case, byte[] DataKey, byte[]? CafIndex, byte[]? NirIndex, byte[]? NameIndex)>> RewrapRowsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, MasterKey oldKey, MasterKey newKey, CancellationToken ct)
    {
        var rows = new List<(string, CaseId, byte[], byte[]?, byte[]?, byte[]?)>();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("CREATE TEMP TABLE identity_rewrap (tenant text, case_id uuid, data_key bytea, caf_index bytea, nir_index bytea, name_index bytea) ON COMMIT DROP"),
                new($"""
                    SELECT tenant, case_id, master_key_id, data_key, identity, caf_index IS NOT NULL, nir_index IS NOT NULL
                    FROM {S}.identities WHERE data_key IS NOT NULL
                    """),
            },
        };
        using var unwrapper = IdentityCrypto.KeyWrapper(oldKey);
        using var wrapper = IdentityCrypto.KeyWrapper(newKey);
        var indexers = new Dictionary<string, BlindIndexer>(StringComparer.Ordinal);
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var tenant = reader.GetString(0);
                var @case = new CaseId(reader.GetGuid(1));
                if (reader.GetString(2) != oldKey.Id)
                {
                    throw WrongKey(reader.GetString(2), oldKey);
                }
                if (!indexers.TryGetValue(tenant, out var indexer))
                {
                    indexers[tenant] = indexer = new BlindIndexer(newKey, tenant);
                }
                var dataKey = OpenDataKey(unwrapper, oldKey, tenant, @case, reader.GetFieldValue<byte[]>(3));
                try
                {
                    var identity = OpenIdentity(dataKey, tenant, @case, reader.GetFieldValue<byte[]>(4));
                    rows.Add((
                        tenant,
                        @case,
                        IdentityCrypto.Seal(wrapper, dataKey, IdentityCrypto.Binding(tenant, @case, DataKeyPurpose)),
                        // An index given up to another case (the key moved to it) stays given up.
                        reader.GetBoolean(5) ? indexer.Caf(identity.CafNumber, identity.CafRole) : null,
                        reader.GetBoolean(6) ? indexer.Nir(identity.Nir) : null,
                        indexer.Name(identity.LastName, identity.FirstName))); // also fills a name index not yet backfilled
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(dataKey);
                }
            }
        }
        finally
        {
            foreach (var indexer in indexers.Values) indexer.Dispose();
        }
        return rows;
    }
}
