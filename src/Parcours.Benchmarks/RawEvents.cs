using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace Parcours.Benchmarks;

/// <summary>
/// The raw Npgsql baseline: a table with the events table's exact shape and indexes (LIKE ... INCLUDING ALL), written
/// with the cheapest correct statements: one INSERT per transaction, or one binary COPY. No version check, no hash
/// computation, no notification: what the store adds is what the ratio measures.
/// </summary>
internal sealed class RawEvents(NpgsqlDataSource dataSource)
{
    private const string Table = "parcours_bench.raw_events";
    private const string Data = """{"on":"2025-03-14","track":"SocioProfessional","organisation":"ORG-042","channel":"Manager"}""";
    private static readonly byte[] Hash = SHA256.HashData("raw"u8);

    public static async Task<RawEvents> CreateAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"CREATE SCHEMA IF NOT EXISTS parcours_bench; DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} (LIKE parcours.events INCLUDING ALL);");
        await command.ExecuteNonQueryAsync(ct);
        return new RawEvents(dataSource);
    }

    /// <summary>One INSERT in its own transaction, in autocommit: one round trip, the cheapest a single write can be.</summary>
    public async Task InsertOneAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {Table} (recorded_at, stream_id, version, tenant, type, recorded_by, data, hash) VALUES ($1, $2, 1, '31', 'orientation-decided', 'bench', $3::json, $4)");
        command.Parameters.Add(new() { Value = DateTime.UtcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = Guid.NewGuid(), NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = Data, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = Hash, NpgsqlDbType = NpgsqlDbType.Bytea });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task CopyAsync(int rows, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var now = DateTime.UtcNow;
        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {Table} (recorded_at, stream_id, version, tenant, type, recorded_by, data, hash) FROM STDIN (FORMAT BINARY)", ct))
        {
            var stream = Guid.NewGuid();
            for (var i = 0; i < rows; i++)
            {
                if (i % 10 == 0) stream = Guid.NewGuid();
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await importer.WriteAsync(stream, NpgsqlDbType.Uuid, ct);
                await importer.WriteAsync(i % 10 + 1, NpgsqlDbType.Integer, ct);
                await importer.WriteAsync("31", NpgsqlDbType.Text, ct);
                await importer.WriteAsync("orientation-decided", NpgsqlDbType.Text, ct);
                await importer.WriteAsync("bench", NpgsqlDbType.Text, ct);
                await importer.WriteAsync(Data, NpgsqlDbType.Json, ct);
                await importer.WriteAsync(Hash, NpgsqlDbType.Bytea, ct);
            }

            await importer.CompleteAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }
}
