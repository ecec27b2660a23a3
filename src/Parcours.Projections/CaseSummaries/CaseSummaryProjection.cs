using Npgsql;
using NpgsqlTypes;
using Parcours.Application;
using Parcours.Domain.Indicators;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Schema;

namespace Parcours.Projections.CaseSummaries;

/// <summary>
/// Keeps <c>case_summaries</c> and <c>case_deadlines</c> in step with the log, inside the append transaction: each
/// touched case is re-folded from its whole stream (read on the same transaction, so it includes the new events) and
/// its rows replaced. Replacing rather than patching makes a replay harmless and a rebuild a plain re-run.
/// </summary>
public sealed class CaseSummaryProjection(Func<EventStore.EventStore> store, IndicatorCatalogue catalogue) : IInlineProjection
{
    private const string S = ReadModelSchema.Name;

    /// <summary>Taken once: the catalogue builds a new sorted list on each read.</summary>
    private readonly IReadOnlyList<IndicatorDefinition> definitions = catalogue.Definitions;

    public async Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        foreach (var byTenant in events.GroupBy(e => e.Tenant))
        {
            var ids = byTenant.Select(e => e.StreamId).Distinct().ToList();
            var streams = await store().ReadStreamsAsync(connection, transaction, byTenant.Key, ids, cancellationToken);
            var summaries = streams.Select(s => CaseSummary.From(
                new CaseId(s.Key.Value), byTenant.Key.Code, [.. s.Value.Select(PathwayEventStore.ToRecorded)], definitions)).ToList();
            await WriteAsync(connection, transaction, summaries, cancellationToken);
            await WriteCaseMonthsAsync(connection, transaction, byTenant.Key.Code, byTenant, cancellationToken);
        }
    }

    /// <summary>
    /// Records the months of every date the new events carry. Kept inline (not by the asynchronous projection), so that
    /// time travel finds every case whatever the daemon's lag.
    /// </summary>
    public static async Task WriteCaseMonthsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, IEnumerable<StoredEvent> events, CancellationToken ct,
        string table = $"{S}.case_months")
    {
        var pairs = events
            .Where(e => e.Data is IPathwayEvent)
            .SelectMany(e => EventDates.Of((IPathwayEvent)e.Data).Select(d => (Case: e.StreamId.Value, Month: new DateOnly(d.Year, d.Month, 1))))
            .Distinct()
            .ToList();
        if (pairs.Count == 0) return;
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {table} (tenant, month, case_id) SELECT $1, m, c FROM unnest($2::date[], $3::uuid[]) AS u (m, c) ON CONFLICT DO NOTHING",
            connection, transaction)
        {
            Parameters =
            {
                new() { Value = tenant, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = pairs.Select(p => p.Month).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
                new() { Value = pairs.Select(p => p.Case).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
            },
        };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Replaces the rows of these cases (used inline, and by a rebuild into fresh tables).</summary>
    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<CaseSummary> summaries, CancellationToken ct,
        string summariesTable = $"{S}.case_summaries", string deadlinesTable = $"{S}.case_deadlines")
    {
        if (summaries.Count == 0) return;
        var ids = summaries.Select(s => s.CaseId.Value).ToArray();
        await using (var delete = new NpgsqlBatch(connection, transaction))
        {
            foreach (var table in new[] { summariesTable, deadlinesTable })
                delete.BatchCommands.Add(new NpgsqlBatchCommand($"DELETE FROM {table} WHERE case_id = ANY($1)")
                {
                    Parameters = { new() { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid } },
                });
            await delete.ExecuteNonQueryAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            $"""
            COPY {summariesTable} (case_id, tenant, version, phase, episode, application_date, entry_date, territory,
                subject_to_rights_and_duties, first_oriented_on, track, organisation, referent, notified_on, first_appointment_fixed_on,
                first_appointment_for, first_contract_signed_on, first_contract_kind, exited_on, last_business_date, last_recorded_at,
                next_deadline_on, next_deadline_definition) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var s in summaries)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(s.CaseId.Value, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(s.Tenant, NpgsqlDbType.Text, ct);
                await copy.WriteAsync((int)s.Version, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(s.Phase.ToString(), NpgsqlDbType.Text, ct);
                await Db.WriteAsync(copy, s.Episode, ct);
                await Db.WriteAsync(copy, s.ApplicationDate, ct);
                await Db.WriteAsync(copy, s.EntryDate, ct);
                await Db.WriteAsync(copy, s.Territory, ct);
                await Db.WriteAsync(copy, s.SubjectToRightsAndDuties, ct);
                await Db.WriteAsync(copy, s.FirstOrientedOn, ct);
                await Db.WriteAsync(copy, s.Track?.ToString(), ct);
                await Db.WriteAsync(copy, s.Organisation, ct);
                await Db.WriteAsync(copy, s.Referent, ct);
                await Db.WriteAsync(copy, s.NotifiedOn, ct);
                await Db.WriteAsync(copy, s.FirstAppointmentFixedOn, ct);
                await Db.WriteAsync(copy, s.FirstAppointmentFor, ct);
                await Db.WriteAsync(copy, s.FirstContractSignedOn, ct);
                await Db.WriteAsync(copy, s.FirstContractKind?.ToString(), ct);
                await Db.WriteAsync(copy, s.ExitedOn, ct);
                await Db.WriteAsync(copy, s.LastBusinessDate, ct);
                await copy.WriteAsync(s.LastRecordedAt.ToDateTimeUtc(), NpgsqlDbType.TimestampTz, ct);
                await Db.WriteAsync(copy, s.NextDeadline?.LastDayOnTime, ct);
                await Db.WriteAsync(copy, s.NextDeadline?.DefinitionId, ct);
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            $"""
            COPY {deadlinesTable} (case_id, definition_id, episode, occurrence, tenant, awaited, label, start_on, deadline_on,
                last_day_on_time, territory, organisation) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var s in summaries)
            {
                foreach (var a in s.Awaited)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(s.CaseId.Value, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(a.DefinitionId, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(a.Episode, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(a.Occurrence, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(s.Tenant, NpgsqlDbType.Text, ct);
                    await Db.WriteAsync(copy, a.Awaited?.ToString(), ct);
                    await copy.WriteAsync(a.Label, NpgsqlDbType.Text, ct);
                    await Db.WriteAsync(copy, a.Start, ct);
                    await Db.WriteAsync(copy, a.Deadline, ct);
                    await Db.WriteAsync(copy, a.LastDayOnTime, ct);
                    await Db.WriteAsync(copy, s.Territory, ct);
                    await Db.WriteAsync(copy, a.Organisation ?? s.Organisation, ct);
                }
            }
            await copy.CompleteAsync(ct);
        }
    }
}
