using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.EventStore;

namespace Parcours.Importers.Storage;

/// <summary>Reads and writes <c>parcours_import.files</c> and <c>rejections</c>, always in the caller's transaction.</summary>
public static class ImportLog
{
    private const string S = ImportSchema.Name;

    public static async Task<string> Sha256Async(Stream stream, CancellationToken ct) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));

    /// <summary>Serialises the imports of one tenant until the transaction ends.</summary>
    public static async Task LockTenantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))", connection, transaction)
        {
            Parameters = { new() { Value = ImportSchema.ImportLockClass }, new() { Value = tenant.Code } },
        };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>When this very file (same content) was applied already, and under which name.</summary>
    public static async Task<(string Name, Instant At)?> FindAppliedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, string kind, string sha256, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT file_name, imported_at FROM {S}.files WHERE tenant = $1 AND kind = $2 AND sha256 = $3 AND outcome = 'applied'",
            connection, transaction)
        {
            Parameters = { new() { Value = tenant.Code }, new() { Value = kind }, new() { Value = Convert.FromHexString(sha256) } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetString(0), Instant.FromDateTimeUtc(reader.GetDateTime(1))) : null;
    }

    /// <summary>The reference date (DTREF) of the latest flux applied to the tenant.</summary>
    public static async Task<(LocalDate Date, string Name)?> LatestFluxAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT reference_date, file_name FROM {S}.files WHERE tenant = $1 AND kind = 'cnaf' AND outcome = 'applied' ORDER BY reference_date DESC, id DESC LIMIT 1",
            connection, transaction)
        {
            Parameters = { new() { Value = tenant.Code } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(0)), reader.GetString(1)) : null;
    }

    /// <summary>Keeps the report and its rejections; returns the file's id.</summary>
    public static async Task<long> SaveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, ImportReport report, string actor, Instant now, CancellationToken ct)
    {
        long id;
        await using (var insert = new NpgsqlCommand(
            $"""
            INSERT INTO {S}.files (tenant, kind, file_name, sha256, reference_date, created_at, imported_at, imported_by, outcome, message, counts, events, rejected)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
            """, connection, transaction))
        {
            insert.Parameters.Add(new() { Value = tenant.Code });
            insert.Parameters.Add(new() { Value = report.Kind });
            insert.Parameters.Add(new() { Value = report.FileName });
            insert.Parameters.Add(new() { Value = Convert.FromHexString(report.Sha256) });
            insert.Parameters.Add(new() { Value = report.ReferenceDate is { } d ? d.ToDateOnly() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
            insert.Parameters.Add(new() { Value = report.CreatedAt is { } c ? c.ToDateTimeUnspecified() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Timestamp });
            insert.Parameters.Add(new() { Value = now.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new() { Value = actor });
            insert.Parameters.Add(new() { Value = OutcomeCode(report.Outcome) });
            insert.Parameters.Add(new() { Value = (object?)report.Message ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = JsonSerializer.Serialize(report.Counts), NpgsqlDbType = NpgsqlDbType.Jsonb });
            insert.Parameters.Add(new() { Value = (int)report.EventsAppended });
            insert.Parameters.Add(new() { Value = report.Rejections.Count });
            id = (long)(await insert.ExecuteScalarAsync(ct))!;
        }
        if (report.Rejections.Count == 0) return id;
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {S}.rejections (file_id, ordinal, position, code, message) FROM STDIN (FORMAT BINARY)", ct);
        var ordinal = 0;
        foreach (var rejection in report.Rejections)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(++ordinal, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(rejection.Position, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(rejection.Code, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(rejection.Message, NpgsqlDbType.Text, ct);
        }
        await copy.CompleteAsync(ct);
        return id;
    }

    /// <summary>Keeps the report of a refused file in a transaction of its own (nothing else of the import was kept); returns its id.</summary>
    public static async Task<long> SaveRefusedAsync(NpgsqlDataSource dataSource, TenantId tenant, ImportReport report, string actor, Instant now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await SaveAsync(connection, transaction, tenant, report, actor, now, ct);
        await transaction.CommitAsync(ct);
        return id;
    }

    private static string OutcomeCode(ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Applied => "applied",
        ImportOutcome.DryRun => "dry-run",
        _ => "refused",
    };
}
