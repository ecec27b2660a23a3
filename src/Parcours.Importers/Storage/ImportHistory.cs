using System.Text.Json;
using Npgsql;
using NodaTime;
using Parcours.EventStore;

namespace Parcours.Importers.Storage;

/// <summary>A kept import report, as <c>parcours_import.files</c> holds it (<see cref="Rejections"/>: the first ones only when read as a list).</summary>
public sealed record StoredImport(
    long Id,
    string Kind,
    string FileName,
    string Sha256,
    string Outcome,
    string? Message,
    LocalDate? ReferenceDate,
    LocalDateTime? CreatedAt,
    Instant ImportedAt,
    string ImportedBy,
    IReadOnlyDictionary<string, int> Counts,
    int Events,
    int Rejected,
    IReadOnlyList<ImportRejection> Rejections);

/// <summary>Reads back the reports <see cref="ImportLog"/> keeps, one tenant's only.</summary>
public static class ImportHistory
{
    private const string S = ImportSchema.Name;
    private const string Columns =
        "id, kind, file_name, sha256, outcome, message, reference_date, created_at, imported_at, imported_by, counts, events, rejected";

    /// <summary>The tenant's imports, latest first.</summary>
    public static async Task<IReadOnlyList<StoredImport>> ListAsync(NpgsqlDataSource dataSource, TenantId tenant, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM {S}.files WHERE tenant = $1 ORDER BY id DESC LIMIT $2");
        command.Parameters.Add(new() { Value = tenant.Code });
        command.Parameters.Add(new() { Value = limit });
        var result = new List<StoredImport>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result.Add(Read(reader, []));
        return result;
    }

    /// <summary>One import of the tenant with its first <paramref name="maxRejections"/> rejections in file order; null if unknown (or another tenant's).</summary>
    public static async Task<StoredImport?> FindAsync(NpgsqlDataSource dataSource, TenantId tenant, long id, int maxRejections, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new($"SELECT {Columns} FROM {S}.files WHERE tenant = $1 AND id = $2")
        {
            Parameters = { new() { Value = tenant.Code }, new() { Value = id } },
        });
        batch.BatchCommands.Add(new($"""
            SELECT r.position, r.code, r.message FROM {S}.rejections r JOIN {S}.files f ON f.id = r.file_id
            WHERE f.tenant = $1 AND r.file_id = $2 ORDER BY r.ordinal LIMIT $3
            """)
        {
            Parameters = { new() { Value = tenant.Code }, new() { Value = id }, new() { Value = maxRejections } },
        });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var found = Read(reader, []);
        await reader.NextResultAsync(ct);
        var rejections = new List<ImportRejection>();
        while (await reader.ReadAsync(ct)) rejections.Add(new ImportRejection(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return found with { Rejections = rejections };
    }

    private static StoredImport Read(NpgsqlDataReader reader, IReadOnlyList<ImportRejection> rejections) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(3)),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(6)),
        reader.IsDBNull(7) ? null : LocalDateTime.FromDateTime(reader.GetDateTime(7)),
        Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(8), DateTimeKind.Utc)),
        reader.GetString(9),
        JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(10)) ?? [],
        reader.GetInt32(11),
        reader.GetInt32(12),
        rejections);
}
