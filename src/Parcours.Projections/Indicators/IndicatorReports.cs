using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.Application.Reporting;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Schema;

namespace Parcours.Projections.Indicators;

/// <summary>One member behind a figure: a pseudonymous case and what the definition said of it.</summary>
public sealed record FigureCase(
    CaseId CaseId, int Episode, int Occurrence, Outcome Outcome, OutcomeReason? Reason, LocalDate? Start, LocalDate? End,
    LocalDate? Deadline, int? DelayDays, bool Mature, IReadOnlyList<long> SourceVersions);

/// <summary>Reads the projected figures ("as known now") and the cases behind them.</summary>
public sealed class IndicatorReports(NpgsqlDataSource dataSource)
{
    private const string S = ReadModelSchema.Name;

    /// <summary>The overall figures of each definition for one cohort month (zero members when no cell exists).</summary>
    public async Task<IReadOnlyList<MonthlyFigure>> MonthAsync(
        TenantId tenant, IReadOnlyList<IndicatorDefinition> definitions, YearMonth month, CancellationToken ct = default)
    {
        var cells = await CellsAsync(tenant, definitions, month, month, ct);
        return
        [
            .. definitions.Select(d => new MonthlyFigure(d, month,
                cells.TryGetValue((d.Id, d.Version, CohortKey.Overall(month)), out var f) ? f : IndicatorAggregate.Of(d, [])[CohortKey.Overall(month)])),
        ];
    }

    /// <summary>Every cell (overall and breakdowns) of these definitions for cohorts from <paramref name="first"/> to <paramref name="last"/>.</summary>
    public async Task<IReadOnlyDictionary<(string Id, int Version, CohortKey Key), CohortFigures>> CellsAsync(
        TenantId tenant, IReadOnlyList<IndicatorDefinition> definitions, YearMonth first, YearMonth last, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT c.definition_id, c.definition_version, c.cohort, c.breakdown, c.value, c.numerator, c.denominator, c.rate,
                   c.mean_delay_days, c.median_delay_days, c.pending, c.excluded, c.provisional
            FROM {S}.indicator_cells c
            JOIN unnest($2::text[], $3::integer[]) AS d (id, version) ON c.definition_id = d.id AND c.definition_version = d.version
            WHERE c.tenant = $1 AND c.cohort BETWEEN $4 AND $5
            """);
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = definitions.Select(d => d.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = definitions.Select(d => d.Version).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = Db.FirstDay(first), NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = Db.FirstDay(last), NpgsqlDbType = NpgsqlDbType.Date });
        var cells = new Dictionary<(string, int, CohortKey), CohortFigures>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (key, figures) = ReadCell(reader, 2);
            cells[(reader.GetString(0), reader.GetInt32(1), key)] = figures;
        }
        return cells;
    }

    /// <summary>The cell columns <see cref="ReadCell"/> reads, from the month on (the month column named as the table names it).</summary>
    internal static string CellColumns(string monthColumn) =>
        $"{monthColumn}, breakdown, value, numerator, denominator, rate, mean_delay_days, median_delay_days, pending, excluded, provisional";

    /// <summary>A cell from the columns of <see cref="CellColumns"/>, the first at <paramref name="at"/>.</summary>
    internal static (CohortKey Key, CohortFigures Figures) ReadCell(NpgsqlDataReader reader, int at)
    {
        var breakdown = reader.GetString(at + 1);
        var key = new CohortKey(
            Db.MonthOf(reader.GetFieldValue<DateOnly>(at)),
            breakdown.Length == 0 ? null : Enum.Parse<Breakdown>(breakdown),
            breakdown.Length == 0 || reader.GetString(at + 2).Length == 0 ? null : reader.GetString(at + 2));
        return (key, new CohortFigures(
            reader.GetInt32(at + 3), reader.GetInt32(at + 4),
            reader.IsDBNull(at + 5) ? null : reader.GetDecimal(at + 5),
            reader.IsDBNull(at + 6) ? null : reader.GetDecimal(at + 6),
            reader.IsDBNull(at + 7) ? null : reader.GetDecimal(at + 7),
            reader.GetInt32(at + 8), reader.GetInt32(at + 9), reader.GetBoolean(at + 10)));
    }

    /// <summary>The members of one cohort of one definition (optionally one outcome): the drill-down behind a figure.</summary>
    public async Task<IReadOnlyList<FigureCase>> CasesAsync(
        TenantId tenant, IndicatorDefinition definition, YearMonth month, Outcome? outcome = null, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var results = await IndicatorResults.ReadAsync(connection, null, tenant, definition, [Db.FirstDay(month)], ct);
        return
        [
            .. results.Where(r => outcome is null || r.Outcome == outcome)
                .Select(r => new FigureCase(r.CaseId, r.Episode, r.Occurrence, r.Outcome, r.Reason, r.Start, r.End, r.Deadline, r.DelayDays, r.Mature, r.SourceVersions)),
        ];
    }
}
