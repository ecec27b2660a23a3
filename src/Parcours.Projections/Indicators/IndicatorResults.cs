using Npgsql;
using NpgsqlTypes;
using Parcours.Domain.Indicators;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Schema;

namespace Parcours.Projections.Indicators;

/// <summary>Reads the stored per-person results back as the domain's <see cref="IndicatorResult"/>.</summary>
public static class IndicatorResults
{
    public static async Task<IReadOnlyList<IndicatorResult>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, TenantId tenant, IndicatorDefinition definition,
        IReadOnlyCollection<DateOnly> cohorts, CancellationToken ct, ReadModelTables? tables = null)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {Columns("cohort")}
            FROM {(tables ?? ReadModelTables.Live).IndicatorResults}
            WHERE tenant = $1 AND definition_id = $2 AND definition_version = $3 AND cohort = ANY($4)
            ORDER BY cohort, case_id, episode, occurrence
            """, connection, transaction)
        {
            Parameters =
            {
                new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = definition.Id, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = definition.Version, NpgsqlDbType = NpgsqlDbType.Integer },
                new() { Value = cohorts.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
            },
        };
        var results = new List<IndicatorResult>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) results.Add(Map(reader, definition.Id, definition.Version));
        return results;
    }

    /// <summary>The columns <see cref="Map"/> reads, in its order (the month column named as the table names it).</summary>
    internal static string Columns(string monthColumn) =>
        $"case_id, episode, occurrence, outcome, reason, start_on, end_on, deadline_on, delay_days, {monthColumn}, mature, "
        + "territory, track, organisation, source_versions";

    internal static IndicatorResult Map(NpgsqlDataReader reader, string definitionId, int definitionVersion) =>
        new(
            new CaseId(reader.GetGuid(0)),
            definitionId,
            definitionVersion,
            reader.GetInt32(1),
            reader.GetInt32(2),
            Enum.Parse<Outcome>(reader.GetString(3)),
            reader.IsDBNull(4) ? null : Enum.Parse<OutcomeReason>(reader.GetString(4)),
            Db.DateOrNull(reader, 5),
            Db.DateOrNull(reader, 6),
            Db.DateOrNull(reader, 7),
            Db.IntOrNull(reader, 8),
            Db.MonthOf(reader.GetFieldValue<DateOnly>(9)),
            reader.GetBoolean(10),
            new Dictionary<Breakdown, string?>
            {
                [Breakdown.Territory] = Db.TextOrNull(reader, 11),
                [Breakdown.Track] = Db.TextOrNull(reader, 12),
                [Breakdown.Organisation] = Db.TextOrNull(reader, 13),
            },
            [.. reader.GetFieldValue<int[]>(14).Select(v => (long)v)]);
}
