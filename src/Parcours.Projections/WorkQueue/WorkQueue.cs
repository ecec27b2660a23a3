using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Schema;

namespace Parcours.Projections.WorkQueue;

/// <summary>A step a manager must obtain for a case, and by when.</summary>
/// <param name="DaysLeft">Days from today to the last day on time: negative when late, 0 on the last day.</param>
public sealed record WorkItem(
    CaseId CaseId, string DefinitionId, string Label, string? Awaited, LocalDate Start, LocalDate LastDayOnTime, int DaysLeft,
    string? Territory, string? Organisation, string Phase)
{
    public bool IsOverdue => DaysLeft < 0;
}

/// <summary>What to look at in the queue.</summary>
/// <param name="WithinDays">Windows whose last day on time is at most this many days away (late ones always included).</param>
public sealed record WorkQueueFilter(int WithinDays = 14, string? Territory = null, string? Organisation = null, IReadOnlyList<string>? Definitions = null, int Limit = 500);

/// <summary>
/// The orientation managers' queue: every awaited step (orientation, first appointment, contract...) whose deadline is
/// passed or falls within N days, most urgent first, by territory and organisation. Read from the inline
/// <c>case_deadlines</c>, so a step just recorded leaves the queue at once.
/// </summary>
public sealed class WorkQueueReader(NpgsqlDataSource dataSource)
{
    private const string S = ReadModelSchema.Name;

    public async Task<IReadOnlyList<WorkItem>> ListAsync(TenantId tenant, LocalDate today, WorkQueueFilter filter, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(filter.WithinDays);
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT d.case_id, d.definition_id, d.label, d.awaited, d.start_on, d.last_day_on_time, d.territory, d.organisation, s.phase
            FROM {S}.case_deadlines d JOIN {S}.case_summaries s ON s.case_id = d.case_id
            WHERE d.tenant = $1 AND d.last_day_on_time <= $2
              AND ($3::text IS NULL OR d.territory = $3)
              AND ($4::text IS NULL OR d.organisation = $4)
              AND ($5::text[] IS NULL OR d.definition_id = ANY($5))
            ORDER BY d.last_day_on_time, d.case_id, d.definition_id
            LIMIT $6
            """);
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(Db.Date(today.PlusDays(filter.WithinDays)));
        command.Parameters.Add(new() { Value = (object?)filter.Territory ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)filter.Organisation ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)filter.Definitions?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = filter.Limit, NpgsqlDbType = NpgsqlDbType.Integer });
        var items = new List<WorkItem>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var last = Db.FromDate(reader.GetFieldValue<DateOnly>(5));
            items.Add(new WorkItem(
                new CaseId(reader.GetGuid(0)), reader.GetString(1), reader.GetString(2), Db.TextOrNull(reader, 3),
                Db.FromDate(reader.GetFieldValue<DateOnly>(4)), last, Period.DaysBetween(today, last),
                Db.TextOrNull(reader, 6), Db.TextOrNull(reader, 7), reader.GetString(8)));
        }
        return items;
    }
}
