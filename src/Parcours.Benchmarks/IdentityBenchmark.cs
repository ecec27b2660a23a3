using System.Globalization;
using System.Security.Cryptography;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;

namespace Parcours.Benchmarks;

/// <summary>
/// The identity store benchmark, behind <c>parcours bench identities</c>: saving a CAF import's worth of identities
/// (encryption included) against a raw binary COPY of rows of the same shape and sizes into a table with the same
/// indexes, then looking all of them up by CAF key against a raw <c>unnest</c> join on precomputed index values.
/// </summary>
public static class IdentityBenchmark
{
    private const string Tenant = "31";
    private const string RawTable = "public.bench_identities_raw";

    public static async Task RunAsync(string connectionString, int people, Action<BenchmarkResult> report, CancellationToken cancellationToken = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new PostgresIdentityStore(dataSource, MasterKey.Generate(), SystemClock.Instance);
        await store.EnsureSchemaAsync(cancellationToken);

        var warmUp = Generate(people / 20, offset: 0);
        var measured = Generate(people, offset: people / 20);
        var rawRows = measured.Select(_ => RawRow.Random()).ToList();

        await SaveAsync(dataSource, store, warmUp, cancellationToken);
        var rawSave = await RawCopySecondsAsync(dataSource, rawRows, cancellationToken);
        var storeSave = await Latency.SecondsAsync(() => SaveAsync(dataSource, store, measured, cancellationToken));
        report(BenchmarkResult.Compared($"identities.save.{people}", people / storeSave, "identities/s", people / rawSave));

        await store.FindByCafAsync(Tenant, warmUp.Select(m => new CafPersonKey(m.Identity.CafNumber!, m.Identity.CafRole!)).ToList(), cancellationToken);
        await FindRawAsync(dataSource, rawRows.Take(people / 20).Select(r => r.CafIndex).ToArray(), cancellationToken);
        var keys = measured.Select(m => new CafPersonKey(m.Identity.CafNumber!, m.Identity.CafRole!)).ToList();
        var rawFind = await Latency.SecondsAsync(() => FindRawAsync(dataSource, rawRows.Select(r => r.CafIndex).ToArray(), cancellationToken));
        IReadOnlyDictionary<CafPersonKey, CaseId>? found = null;
        var storeFind = await Latency.SecondsAsync(async () => found = await store.FindByCafAsync(Tenant, keys, cancellationToken));
        if (found!.Count != people)
        {
            throw new InvalidOperationException($"The lookup found {found.Count} of {people} people.");
        }
        report(BenchmarkResult.Compared($"identities.find-by-caf.{people}", people / storeFind, "keys/s", people / rawFind));
    }

    /// <summary>
    /// Seconds of a raw binary COPY of <paramref name="count"/> rows shaped like the identity store's (sizes, key and the
    /// two unique lookup indexes; the store has a third, by name), after a warm-up: what saving that many people costs
    /// PostgreSQL at the least. The CAF import's floor (<see cref="ImportBenchmark"/>).
    /// </summary>
    internal static Task<double> RawCopySecondsAsync(NpgsqlDataSource dataSource, int count, CancellationToken ct) =>
        RawCopySecondsAsync(dataSource, [.. Enumerable.Range(0, count).Select(_ => RawRow.Random())], ct);

    /// <summary>The raw table created afresh, warmed with a twentieth of <paramref name="rows"/>, emptied, then all of them copied and timed.</summary>
    private static async Task<double> RawCopySecondsAsync(NpgsqlDataSource dataSource, List<RawRow> rows, CancellationToken ct)
    {
        await CreateRawTableAsync(dataSource, ct);
        await CopyRawAsync(dataSource, rows.Take(Math.Max(1, rows.Count / 20)).ToList(), ct);
        await ExecuteAsync(dataSource, $"TRUNCATE {RawTable}", ct);
        return await Latency.SecondsAsync(() => CopyRawAsync(dataSource, rows, ct));
    }

    private static List<(CaseId Case, PersonIdentity Identity)> Generate(int count, int offset) =>
        Enumerable.Range(offset, count).Select(i =>
        {
            var body = string.Create(CultureInfo.InvariantCulture, $"1{70 + i % 30:D2}{1 + i % 12:D2}31{i % 1_000_000:D6}");
            var key = 97 - long.Parse(body, CultureInfo.InvariantCulture) % 97;
            var identity = new PersonIdentity(
                $"NOM-{i}", "Prénom", new LocalDate(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                string.Create(CultureInfo.InvariantCulture, $"{body}{key:D2}"),
                (1_000_000 + i / 2).ToString(CultureInfo.InvariantCulture), i % 2 == 0 ? "DEM" : "CJT",
                $"{i % 200} avenue de la République, 31000 Toulouse");
            return (CaseId.New(), identity);
        }).ToList();

    private static async Task SaveAsync(NpgsqlDataSource dataSource, PostgresIdentityStore store, List<(CaseId, PersonIdentity)> people, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await store.SaveAsync(connection, transaction, Tenant, people, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Sizes of a stored row: a sealed 32-byte key, a sealed 192-byte padded identity, two 32-byte HMACs.</summary>
    private sealed record RawRow(Guid Case, byte[] DataKey, byte[] Identity, byte[] CafIndex, byte[] NirIndex)
    {
        public static RawRow Random() => new(
            Guid.NewGuid(), RandomNumberGenerator.GetBytes(61), RandomNumberGenerator.GetBytes(221),
            RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
    }

    private static Task CreateRawTableAsync(NpgsqlDataSource dataSource, CancellationToken ct) => ExecuteAsync(dataSource, $"""
        DROP TABLE IF EXISTS {RawTable};
        CREATE TABLE {RawTable} (
            tenant text NOT NULL, case_id uuid NOT NULL, master_key_id text, data_key bytea, identity bytea,
            caf_index bytea, nir_index bytea, saved_at timestamptz NOT NULL, erased_at timestamptz,
            PRIMARY KEY (tenant, case_id));
        CREATE UNIQUE INDEX ON {RawTable} (tenant, caf_index) WHERE caf_index IS NOT NULL;
        CREATE UNIQUE INDEX ON {RawTable} (tenant, nir_index) WHERE nir_index IS NOT NULL;
        """, ct);

    private static async Task CopyRawAsync(NpgsqlDataSource dataSource, List<RawRow> rows, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {RawTable} (tenant, case_id, master_key_id, data_key, identity, caf_index, nir_index, saved_at) FROM STDIN (FORMAT BINARY)", ct);
        var now = DateTime.UtcNow;
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(Tenant, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(row.Case, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync("0123456789abcdef", NpgsqlDbType.Text, ct);
            await copy.WriteAsync(row.DataKey, NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync(row.Identity, NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync(row.CafIndex, NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync(row.NirIndex, NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task<int> FindRawAsync(NpgsqlDataSource dataSource, byte[][] indexes, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT r.caf_index, r.case_id FROM unnest($2::bytea[]) AS w(idx) JOIN {RawTable} r ON r.tenant = $1 AND r.caf_index = w.idx");
        command.Parameters.Add(new() { Value = Tenant });
        command.Parameters.Add(new() { Value = indexes });
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            count++;
        }
        return count;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}
