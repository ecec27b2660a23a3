using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.Application;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Evaluation;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Schema;

namespace Parcours.Projections.Indicators;

/// <summary>
/// Writes the per-person results of every definition for a set of cases, as of a day, and the cells computed from
/// them. Every write replaces: a case's stored results become exactly its new results (rows added, changed in place or
/// deleted as needed), and a cohort's cells are recomputed from its results. Running the same work twice therefore leaves
/// the same rows, the second time without writing any (the daemon's exactly-once effect).
/// </summary>
public sealed class IndicatorProjection(IndicatorCatalogue catalogue)
{
    public IndicatorCatalogue Catalogue => catalogue;

    /// <summary>One case evaluated: its results under every definition (members of a cohort only) and its review day.</summary>
    public sealed record EvaluatedCase(CaseId CaseId, IReadOnlyList<IndicatorResult> Results, LocalDate ReviewOn);

    /// <summary>Re-evaluates these cases (their whole streams) as of <paramref name="asOf"/> and replaces their results.</summary>
    public Task ProjectCasesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant,
        IReadOnlyDictionary<StreamId, IReadOnlyList<StoredEvent>> streams, LocalDate asOf, CancellationToken ct,
        ReadModelTables? tables = null) =>
        WriteCasesAsync(connection, transaction, tenant, [.. Evaluate(streams, asOf, parallel: false)], asOf, ct, tables);

    /// <summary>The engine over each case's whole stream, as of <paramref name="asOf"/> (pure computation; on several cores if asked).</summary>
    public IEnumerable<EvaluatedCase> Evaluate(
        IReadOnlyDictionary<StreamId, IReadOnlyList<StoredEvent>> streams, LocalDate asOf, bool parallel)
    {
        var definitions = catalogue.Definitions;
        EvaluatedCase One(KeyValuePair<StreamId, IReadOnlyList<StoredEvent>> stream)
        {
            var events = stream.Value.Select(PathwayEventStore.ToRecorded).ToList();
            return Evaluate(definitions, new CaseId(stream.Key.Value), events, PathwayTimeline.Build(events, asOf));
        }
        return parallel ? streams.AsParallel().AsOrdered().Select(One).ToList() : streams.Select(One);
    }

    /// <summary>One case from its timeline (built from <paramref name="events"/>), evaluated as of the timeline's day.</summary>
    public EvaluatedCase Evaluate(
        IReadOnlyList<IndicatorDefinition> definitions, CaseId caseId, IReadOnlyList<RecordedPathwayEvent> events, PathwayTimeline timeline)
    {
        var results = IndicatorEngine.Evaluate(definitions, caseId, timeline);
        return new EvaluatedCase(caseId, [.. results.Where(r => r.Cohort is not null)], ReviewDate(results, events, timeline.AsOf));
    }

    /// <summary>
    /// Replaces the results and reviews of these evaluated cases, writing only the rows that changed
    /// (<see cref="ResultRows"/>), and marks dirty the cohorts those rows left, entered or changed in.
    /// </summary>
    /// <param name="fresh">The tables hold none of these cases and no cell is kept from them (a rebuild's new tables):
    /// the results and reviews are only copied in, with nothing to compare and no cohort to mark.</param>
    public async Task WriteCasesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, IReadOnlyList<EvaluatedCase> cases, LocalDate asOf,
        CancellationToken ct, ReadModelTables? tables = null, bool fresh = false)
    {
        if (cases.Count == 0) return;
        var t = tables ?? ReadModelTables.Live;

        var reviews = cases.Select(c => (Case: c.CaseId.Value, c.ReviewOn)).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (fresh)
        {
            // The new tables hold none of these cases and have no index yet: every row is copied in.
            await using (var copy = await connection.BeginBinaryImportAsync(
                $"COPY {t.IndicatorResults} ({ResultColumns("cohort")}) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var evaluated in cases)
                    foreach (var r in evaluated.Results) WriteResult(copy, tenant.Code, r);
                await copy.CompleteAsync(ct);
            }
        }
        else
        {
            // Only the rows that changed are written, and only the cohorts they left, entered or changed in are marked.
            var changes = await ResultRows.CompareAsync(
                connection, transaction, t, [.. reviews.Select(r => r.Case)], cases.SelectMany(c => c.Results), ct);
            await using (var write = ResultRows.Write(connection, transaction, t, tenant.Code, changes))
            {
                if (write.BatchCommands.Count > 0) await write.ExecuteNonQueryAsync(ct);
            }
            var cohorts = changes.Cohorts.ToList();
            if (cohorts.Count > 0)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(
                    $"""
                    INSERT INTO {t.DirtyCohorts} (tenant, definition_id, definition_version, cohort)
                    SELECT $1, d, v, c FROM unnest($2::text[], $3::integer[], $4::date[]) AS u (d, v, c) ON CONFLICT DO NOTHING
                    """)
                {
                    Parameters =
                    {
                        new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text },
                        new() { Value = cohorts.Select(c => c.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                        new() { Value = cohorts.Select(c => c.Version).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
                        new() { Value = cohorts.Select(c => c.Cohort).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
                    },
                });
            }
        }
        // A review row is rewritten only when its days change (the new tables of a rebuild have no key yet to conflict on).
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"""
            INSERT INTO {t.CaseReviews} AS r (case_id, tenant, evaluated_on, review_on)
            SELECT c, $1, $2, d FROM unnest($3::uuid[], $4::date[]) AS u (c, d)
            """ + (fresh ? "" : """

            ON CONFLICT (case_id) DO UPDATE SET tenant = excluded.tenant, evaluated_on = excluded.evaluated_on, review_on = excluded.review_on
            WHERE (r.tenant, r.evaluated_on, r.review_on) IS DISTINCT FROM (excluded.tenant, excluded.evaluated_on, excluded.review_on)
            """))
        {
            Parameters =
            {
                new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text },
                Db.Date(asOf),
                new() { Value = reviews.Select(r => r.Case).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                new() { Value = reviews.Select(r => Db.ToDate(r.ReviewOn)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
            },
        });
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The first day on which this case's results could differ with no new event: the day after a window still open on
    /// <paramref name="asOf"/> closes (pending becomes missed, immature becomes mature), the first of next month (stock
    /// figures count in the as-of month), or a step dated after the as-of day (imported with a future date).
    /// </summary>
    internal LocalDate ReviewDate(IReadOnlyList<IndicatorResult> results, IReadOnlyList<RecordedPathwayEvent> events, LocalDate asOf)
    {
        var review = asOf.ToYearMonth().PlusMonths(1).OnDayOfMonth(1);
        foreach (var r in results)
        {
            if (r.Mature || r.Start is not { } start || catalogue[r.DefinitionId].Threshold is not { } threshold) continue;
            var firstDayLate = threshold.LastDayOnTime(start).PlusDays(1); // mature, and missed if still without an end, from this day
            if (firstDayLate > asOf && firstDayLate < review) review = firstDayLate;
        }
        foreach (var e in events)
        {
            foreach (var date in CaseSummaries.EventDates.Of(e.Event))
                if (date > asOf && date < review) review = date;
        }
        return review;
    }

    /// <summary>Recomputes the cells of every dirty cohort of <paramref name="tenant"/> from its results; returns how many.</summary>
    public async Task<int> RefreshCellsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, CancellationToken ct, ReadModelTables? tables = null)
    {
        var t = tables ?? ReadModelTables.Live;
        var dirty = new List<(string Id, int Version, DateOnly Cohort)>();
        await using (var select = new NpgsqlCommand(
            $"DELETE FROM {t.DirtyCohorts} WHERE tenant = $1 RETURNING definition_id, definition_version, cohort", connection, transaction))
        {
            select.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) dirty.Add((reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<DateOnly>(2)));
        }

        foreach (var group in dirty.GroupBy(d => (d.Id, d.Version)))
        {
            var definition = catalogue.Definitions.SingleOrDefault(d => d.Id == group.Key.Id && d.Version == group.Key.Version);
            var cohorts = group.Select(g => g.Cohort).ToArray();
            await using (var delete = new NpgsqlCommand(
                $"DELETE FROM {t.IndicatorCells} WHERE tenant = $1 AND definition_id = $2 AND definition_version = $3 AND cohort = ANY($4)",
                connection, transaction))
            {
                delete.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
                delete.Parameters.Add(new() { Value = group.Key.Id, NpgsqlDbType = NpgsqlDbType.Text });
                delete.Parameters.Add(new() { Value = group.Key.Version, NpgsqlDbType = NpgsqlDbType.Integer });
                delete.Parameters.Add(new() { Value = cohorts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
                await delete.ExecuteNonQueryAsync(ct);
            }
            if (definition is null) continue; // a definition no longer in the catalogue keeps no cells

            var results = await IndicatorResults.ReadAsync(connection, transaction, tenant, definition, cohorts, ct, t);
            var aggregate = IndicatorAggregate.Of(definition, results);
            await WriteCellsAsync(connection, transaction, tenant, definition, aggregate.All(), t, ct);
        }
        return dirty.Count;
    }

    internal static Task WriteCellsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, IndicatorDefinition definition,
        IReadOnlyDictionary<CohortKey, CohortFigures> cells, ReadModelTables tables, CancellationToken ct) =>
        WriteCellsAsync(connection, tables.IndicatorCells, "cohort", tenant.Code, definition.Id, definition.Version, cells, ct);

    /// <summary>
    /// The columns of a per-person result row, the cohort month's column named <paramref name="monthColumn"/>: shared by
    /// <c>indicator_results</c> and the closings' frozen copy, so both are written by <see cref="WriteResult"/>.
    /// </summary>
    internal static string ResultColumns(string monthColumn) =>
        $"tenant, definition_id, definition_version, {monthColumn}, case_id, episode, occurrence, outcome, reason, start_on, end_on, "
        + "deadline_on, delay_days, mature, territory, track, organisation, source_versions";

    /// <summary>
    /// One result row. Synchronous on purpose: a rebuild copies millions of rows, and eighteen awaited writes per row
    /// cost more than the rows (a write blocks only when Npgsql's buffer is flushed to the socket).
    /// </summary>
    internal static void WriteResult(NpgsqlBinaryImporter copy, string tenant, IndicatorResult r)
    {
        copy.StartRow();
        copy.Write(tenant, NpgsqlDbType.Text);
        copy.Write(r.DefinitionId, NpgsqlDbType.Text);
        copy.Write(r.DefinitionVersion, NpgsqlDbType.Integer);
        copy.Write(Db.FirstDay(r.Cohort!.Value), NpgsqlDbType.Date);
        copy.Write(r.CaseId.Value, NpgsqlDbType.Uuid);
        copy.Write(r.Episode, NpgsqlDbType.Integer);
        copy.Write(r.Occurrence, NpgsqlDbType.Integer);
        copy.Write(OutcomeName(r.Outcome), NpgsqlDbType.Text);
        Db.Write(copy, r.Reason?.ToString());
        Db.Write(copy, r.Start);
        Db.Write(copy, r.End);
        Db.Write(copy, r.Deadline);
        Db.Write(copy, r.DelayDays);
        copy.Write(r.Mature, NpgsqlDbType.Boolean);
        Db.Write(copy, r.BreakdownKeys.GetValueOrDefault(Breakdown.Territory));
        Db.Write(copy, r.BreakdownKeys.GetValueOrDefault(Breakdown.Track));
        Db.Write(copy, r.BreakdownKeys.GetValueOrDefault(Breakdown.Organisation));
        var versions = new int[r.SourceVersions.Count];
        for (var i = 0; i < versions.Length; i++) versions[i] = (int)r.SourceVersions[i];
        copy.Write(versions, NpgsqlDbType.Array | NpgsqlDbType.Integer);
    }

    internal static string OutcomeName(Outcome outcome) => outcome switch
    {
        Outcome.Met => nameof(Outcome.Met),
        Outcome.Missed => nameof(Outcome.Missed),
        Outcome.Pending => nameof(Outcome.Pending),
        Outcome.Excluded => nameof(Outcome.Excluded),
        Outcome.NotInPopulation => nameof(Outcome.NotInPopulation),
        _ => outcome.ToString(),
    };

    /// <summary>Copies cells of one definition into <paramref name="table"/> (<c>indicator_cells</c>, or a closing's frozen copy).</summary>
    internal static Task WriteCellsAsync(
        NpgsqlConnection connection, string table, string monthColumn, string tenant, string definitionId, int definitionVersion,
        IEnumerable<KeyValuePair<CohortKey, CohortFigures>> cells, CancellationToken ct) =>
        WriteCellsAsync(connection, table, monthColumn, cells.Select(c => new CellRow(tenant, definitionId, definitionVersion, c.Key, c.Value)), ct);

    /// <summary>A cell of some tenant's table of some definition, as written.</summary>
    internal readonly record struct CellRow(string Tenant, string DefinitionId, int DefinitionVersion, CohortKey Key, CohortFigures Figures);

    /// <summary>Copies cells of any tenants and definitions in one COPY (a rebuild of a hundred tenants writes them all at once).</summary>
    internal static async Task WriteCellsAsync(
        NpgsqlConnection connection, string table, string monthColumn, IEnumerable<CellRow> cells, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"""
            COPY {table} (tenant, definition_id, definition_version, {monthColumn}, breakdown, value, numerator, denominator, rate,
                mean_delay_days, median_delay_days, pending, excluded, provisional) FROM STDIN (FORMAT BINARY)
            """, ct);
        // Synchronous writes, as for the result rows (WriteResult).
        foreach (var (tenant, definitionId, definitionVersion, key, figures) in cells)
        {
            ct.ThrowIfCancellationRequested();
            copy.StartRow();
            copy.Write(tenant, NpgsqlDbType.Text);
            copy.Write(definitionId, NpgsqlDbType.Text);
            copy.Write(definitionVersion, NpgsqlDbType.Integer);
            copy.Write(Db.FirstDay(key.Cohort), NpgsqlDbType.Date);
            copy.Write(key.Breakdown?.ToString() ?? "", NpgsqlDbType.Text);
            copy.Write(key.Value ?? "", NpgsqlDbType.Text);
            copy.Write(figures.Numerator, NpgsqlDbType.Integer);
            copy.Write(figures.Denominator, NpgsqlDbType.Integer);
            Db.Write(copy, figures.Rate);
            Db.Write(copy, figures.MeanDelayDays);
            Db.Write(copy, figures.MedianDelayDays);
            copy.Write(figures.Pending, NpgsqlDbType.Integer);
            copy.Write(figures.Excluded, NpgsqlDbType.Integer);
            copy.Write(figures.Provisional, NpgsqlDbType.Boolean);
        }
        await copy.CompleteAsync(ct);
    }
}
