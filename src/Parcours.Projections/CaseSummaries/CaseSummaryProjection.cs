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
/// touched case is re-folded from its whole stream and its rows replaced. The stream is read on the same transaction
/// (so it includes the new events) unless it is whole in hand: created by the append, or its earlier events handed on
/// by the appender (<see cref="KnownHistories"/>: a command handler has just read them to decide). Replacing rather than
/// patching makes a replay harmless and a rebuild a plain re-run.
/// </summary>
public sealed class CaseSummaryProjection(Func<EventStore.EventStore> store, IndicatorCatalogue catalogue) : IInlineProjection
{
    private const string S = ReadModelSchema.Name;

    /// <summary>Taken once: the catalogue builds a new sorted list on each read.</summary>
    private readonly IReadOnlyList<IndicatorDefinition> definitions = catalogue.Definitions;

    public async Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, KnownHistories known,
        CancellationToken cancellationToken)
    {
        foreach (var byTenant in events.GroupBy(e => e.Tenant))
        {
            // A stream is whole when the append created it, or when the appender handed on what preceded the new events;
            // the others are read again on this transaction.
            var appended = byTenant.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Version).ToList());
            var whole = new Dictionary<StreamId, IReadOnlyList<StoredEvent>>();
            var moved = new List<StreamId>();
            foreach (var (id, added) in appended)
            {
                if (IsWhole(added)) whole[id] = added;
                else if (known.TryGetPrior(id, out var prior)) whole[id] = [.. prior, .. added]; // the store checked it precedes them
                else moved.Add(id);
            }
            var streams = moved.Count == 0
                ? whole
                : whole.Concat(await store().ReadStreamsAsync(connection, transaction, byTenant.Key, moved, cancellationToken)).ToDictionary();
            var summaries = streams.Select(s => CaseSummary.From(
                new CaseId(s.Key.Value), byTenant.Key.Code, [.. s.Value.Select(PathwayEventStore.ToRecorded)], definitions)).ToList();
            // One round trip for the rows of an ordinary append (its summaries, deadlines and case months).
            await WriteAsync(connection, transaction, summaries, cancellationToken,
                alongside: CaseMonthsCommand(byTenant.Key.Code, byTenant, $"{S}.case_months"));
        }
    }

    /// <summary>Whether these events (in version order) are a whole stream: versions 1, 2, … n with none missing.</summary>
    private static bool IsWhole(IReadOnlyList<StoredEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Version != i + 1) return false;
        }
        return events.Count > 0;
    }

    /// <summary>Up to this many cases, the rows are inserted by the same batch as the deletions; beyond, by COPY.</summary>
    internal const int InsertLimit = 200;

    /// <summary>
    /// Records the months of every date the new events carry. Kept inline (not by the asynchronous projection), so that
    /// time travel finds every case whatever the daemon's lag.
    /// </summary>
    public static async Task WriteCaseMonthsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, IEnumerable<StoredEvent> events, CancellationToken ct,
        string table = $"{S}.case_months")
    {
        if (CaseMonthsCommand(tenant, events, table) is not { } command) return;
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { command } };
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlBatchCommand? CaseMonthsCommand(string tenant, IEnumerable<StoredEvent> events, string table)
    {
        var pairs = events
            .Where(e => e.Data is IPathwayEvent)
            .SelectMany(e => EventDates.Of((IPathwayEvent)e.Data).Select(d => (Case: e.StreamId.Value, Month: new DateOnly(d.Year, d.Month, 1))))
            .Distinct()
            .ToList();
        if (pairs.Count == 0) return null;
        return new NpgsqlBatchCommand(
            $"INSERT INTO {table} (tenant, month, case_id) SELECT $1, m, c FROM unnest($2::date[], $3::uuid[]) AS u (m, c) ON CONFLICT DO NOTHING")
        {
            Parameters =
            {
                new() { Value = tenant, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = pairs.Select(p => p.Month).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
                new() { Value = pairs.Select(p => p.Case).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
            },
        };
    }

    /// <summary>
    /// Replaces the rows of these cases (used inline, and by a rebuild into fresh tables). A few cases take one round trip
    /// (deletions and inserts in one batch, with <paramref name="alongside"/>); many are copied after the deletions.
    /// </summary>
    /// <param name="fresh">The tables hold none of these cases (a rebuild's new tables): nothing to delete.</param>
    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<CaseSummary> summaries, CancellationToken ct,
        string summariesTable = $"{S}.case_summaries", string deadlinesTable = $"{S}.case_deadlines", NpgsqlBatchCommand? alongside = null,
        bool fresh = false)
    {
        var ids = summaries.Select(s => s.CaseId.Value).ToArray();
        var (summaryRows, deadlineRows) = Rows(summaries, summariesTable, deadlinesTable);
        var small = summaries.Count <= InsertLimit;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            if (summaries.Count > 0 && !fresh)
            {
                foreach (var table in new[] { summariesTable, deadlinesTable })
                    batch.BatchCommands.Add(new NpgsqlBatchCommand($"DELETE FROM {table} WHERE case_id = ANY($1)")
                    {
                        Parameters = { new() { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid } },
                    });
            }
            if (small)
            {
                foreach (var insert in new[] { summaryRows.InsertCommand(), deadlineRows.InsertCommand() }.OfType<NpgsqlBatchCommand>())
                    batch.BatchCommands.Add(insert);
            }
            if (alongside is not null) batch.BatchCommands.Add(alongside);
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
        }
        if (!small)
        {
            await summaryRows.CopyAsync(connection, ct);
            await deadlineRows.CopyAsync(connection, ct);
        }
    }

    private static (RowBatch Summaries, RowBatch Deadlines) Rows(IReadOnlyList<CaseSummary> summaries, string summariesTable, string deadlinesTable)
    {
        var summaryRows = new RowBatch(summariesTable,
            ("case_id", NpgsqlDbType.Uuid), ("tenant", NpgsqlDbType.Text), ("version", NpgsqlDbType.Integer), ("phase", NpgsqlDbType.Text),
            ("episode", NpgsqlDbType.Integer), ("application_date", NpgsqlDbType.Date), ("entry_date", NpgsqlDbType.Date),
            ("territory", NpgsqlDbType.Text), ("subject_to_rights_and_duties", NpgsqlDbType.Boolean), ("first_oriented_on", NpgsqlDbType.Date),
            ("track", NpgsqlDbType.Text), ("organisation", NpgsqlDbType.Text), ("referent", NpgsqlDbType.Text), ("notified_on", NpgsqlDbType.Date),
            ("first_appointment_fixed_on", NpgsqlDbType.Date), ("first_appointment_for", NpgsqlDbType.Date),
            ("first_contract_signed_on", NpgsqlDbType.Date), ("first_contract_kind", NpgsqlDbType.Text), ("exited_on", NpgsqlDbType.Date),
            ("last_business_date", NpgsqlDbType.Date), ("last_recorded_at", NpgsqlDbType.TimestampTz), ("next_deadline_on", NpgsqlDbType.Date),
            ("next_deadline_definition", NpgsqlDbType.Text));
        var deadlineRows = new RowBatch(deadlinesTable,
            ("case_id", NpgsqlDbType.Uuid), ("definition_id", NpgsqlDbType.Text), ("episode", NpgsqlDbType.Integer),
            ("occurrence", NpgsqlDbType.Integer), ("tenant", NpgsqlDbType.Text), ("awaited", NpgsqlDbType.Text), ("label", NpgsqlDbType.Text),
            ("start_on", NpgsqlDbType.Date), ("deadline_on", NpgsqlDbType.Date), ("last_day_on_time", NpgsqlDbType.Date),
            ("territory", NpgsqlDbType.Text), ("organisation", NpgsqlDbType.Text));
        foreach (var s in summaries)
        {
            summaryRows.Add(
                s.CaseId.Value, s.Tenant, (int)s.Version, s.Phase.ToString(), s.Episode, s.ApplicationDate, s.EntryDate, s.Territory,
                s.SubjectToRightsAndDuties, s.FirstOrientedOn, s.Track?.ToString(), s.Organisation, s.Referent, s.NotifiedOn,
                s.FirstAppointmentFixedOn, s.FirstAppointmentFor, s.FirstContractSignedOn, s.FirstContractKind?.ToString(), s.ExitedOn,
                s.LastBusinessDate, s.LastRecordedAt, s.NextDeadline?.LastDayOnTime, s.NextDeadline?.DefinitionId);
            foreach (var a in s.Awaited)
            {
                deadlineRows.Add(
                    s.CaseId.Value, a.DefinitionId, a.Episode, a.Occurrence, s.Tenant, a.Awaited?.ToString(), a.Label, a.Start, a.Deadline,
                    a.LastDayOnTime, s.Territory, a.Organisation ?? s.Organisation);
            }
        }
        return (summaryRows, deadlineRows);
    }
}
