using Npgsql;
using NpgsqlTypes;
using Parcours.Domain.Indicators;
using Parcours.Projections.Schema;

namespace Parcours.Projections.Indicators;

/// <summary>
/// Replaces the stored results of some cases by writing only the rows that changed. Re-evaluating a case after a new
/// step changes a few of its results, if any; deleting and re-inserting all of them left, in the primary key, a dead
/// entry per row and per re-evaluation, which every later insertion of the same key had to visit (each entry means a
/// heap fetch to check it is dead) until a vacuum removed them. Under a steady flow of commands on the same cases, the
/// copy of a dozen rows took 5 ms. Now the stored rows are read back, compared, and only additions and changes are
/// upserted (an update in place, with no new index entry when no key column changes) and only vanished rows deleted.
/// </summary>
internal static class ResultRows
{
    /// <summary>A row's primary key within a tenant.</summary>
    internal readonly record struct Key(string DefinitionId, int DefinitionVersion, DateOnly Cohort, Guid CaseId, int Episode, int Occurrence);

    /// <summary>A row's other columns as stored (the source versions as PostgreSQL's text form of the array, "{1,2}").</summary>
    internal readonly record struct Values(
        string Outcome, string? Reason, DateOnly? Start, DateOnly? End, DateOnly? Deadline, int? DelayDays, bool Mature,
        string? Territory, string? Track, string? Organisation, string SourceVersions);

    /// <summary>What changed between the stored rows and the new results of the same cases.</summary>
    internal sealed record Changes(List<(Key Key, Values Values)> Upserts, List<Key> Deletions)
    {
        /// <summary>The cohorts whose cells the changes touch (a cohort a row left, or entered, or changed in).</summary>
        public IEnumerable<(string Id, int Version, DateOnly Cohort)> Cohorts =>
            Upserts.Select(u => u.Key).Concat(Deletions).Select(k => (k.DefinitionId, k.DefinitionVersion, k.Cohort)).Distinct();
    }

    public static (Key, Values) Of(IndicatorResult r)
    {
        var versions = new System.Text.StringBuilder("{");
        for (var i = 0; i < r.SourceVersions.Count; i++) versions.Append(i == 0 ? "" : ",").Append(r.SourceVersions[i]);
        return (
            new Key(r.DefinitionId, r.DefinitionVersion, Db.FirstDay(r.Cohort!.Value), r.CaseId.Value, r.Episode, r.Occurrence),
            new Values(
                IndicatorProjection.OutcomeName(r.Outcome), r.Reason?.ToString(),
                r.Start is { } s ? Db.ToDate(s) : null, r.End is { } e ? Db.ToDate(e) : null, r.Deadline is { } d ? Db.ToDate(d) : null,
                r.DelayDays, r.Mature,
                r.BreakdownKeys.GetValueOrDefault(Breakdown.Territory), r.BreakdownKeys.GetValueOrDefault(Breakdown.Track),
                r.BreakdownKeys.GetValueOrDefault(Breakdown.Organisation), versions.Append('}').ToString()));
    }

    /// <summary>The stored rows of these cases, compared with their new results.</summary>
    public static async Task<Changes> CompareAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReadModelTables tables, Guid[] cases,
        IEnumerable<IndicatorResult> results, CancellationToken ct)
    {
        var stored = new Dictionary<Key, Values>();
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT definition_id, definition_version, cohort, case_id, episode, occurrence, outcome, reason, start_on, end_on, deadline_on,
                   delay_days, mature, territory, track, organisation, source_versions::text
            FROM {tables.IndicatorResults} WHERE case_id = ANY($1)
            """, connection, transaction))
        {
            command.Parameters.Add(new() { Value = cases, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                stored[new Key(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<DateOnly>(2), reader.GetGuid(3), reader.GetInt32(4), reader.GetInt32(5))] =
                    new Values(reader.GetString(6), Db.TextOrNull(reader, 7), Date(reader, 8), Date(reader, 9), Date(reader, 10),
                        Db.IntOrNull(reader, 11), reader.GetBoolean(12), Db.TextOrNull(reader, 13), Db.TextOrNull(reader, 14),
                        Db.TextOrNull(reader, 15), reader.GetString(16));
            }
        }
        var upserts = new List<(Key, Values)>();
        foreach (var result in results)
        {
            var (key, values) = Of(result);
            if (stored.Remove(key, out var before) && before == values) continue;
            upserts.Add((key, values));
        }
        return new Changes(upserts, [.. stored.Keys]);
    }

    /// <summary>Writes the changes: one upsert of the new and changed rows, one deletion of the vanished ones.</summary>
    public static NpgsqlBatch Write(NpgsqlConnection connection, NpgsqlTransaction transaction, ReadModelTables tables, string tenant, Changes changes)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        if (changes.Upserts.Count > 0)
        {
            var (keys, values) = (changes.Upserts.Select(u => u.Key).ToList(), changes.Upserts.Select(u => u.Values).ToList());
            var command = new NpgsqlBatchCommand(
                $"""
                INSERT INTO {tables.IndicatorResults} ({IndicatorProjection.ResultColumns("cohort")})
                SELECT $1, d, v, c, id, e, o, outcome, reason, s, en, dl, delay, mature, territory, track, organisation, sv::integer[]
                FROM unnest($2::text[], $3::integer[], $4::date[], $5::uuid[], $6::integer[], $7::integer[], $8::text[], $9::text[],
                            $10::date[], $11::date[], $12::date[], $13::integer[], $14::boolean[], $15::text[], $16::text[], $17::text[], $18::text[])
                     AS u (d, v, c, id, e, o, outcome, reason, s, en, dl, delay, mature, territory, track, organisation, sv)
                ON CONFLICT (tenant, definition_id, definition_version, cohort, case_id, episode, occurrence) DO UPDATE SET
                    outcome = excluded.outcome, reason = excluded.reason, start_on = excluded.start_on, end_on = excluded.end_on,
                    deadline_on = excluded.deadline_on, delay_days = excluded.delay_days, mature = excluded.mature,
                    territory = excluded.territory, track = excluded.track, organisation = excluded.organisation,
                    source_versions = excluded.source_versions
                """);
            command.Parameters.Add(new() { Value = tenant, NpgsqlDbType = NpgsqlDbType.Text });
            AddKeys(command, keys);
            Add(command, values.Select(v => v.Outcome).ToArray(), NpgsqlDbType.Text);
            Add(command, values.Select(v => v.Reason).ToArray(), NpgsqlDbType.Text);
            Add(command, values.Select(v => v.Start).ToArray(), NpgsqlDbType.Date);
            Add(command, values.Select(v => v.End).ToArray(), NpgsqlDbType.Date);
            Add(command, values.Select(v => v.Deadline).ToArray(), NpgsqlDbType.Date);
            Add(command, values.Select(v => v.DelayDays).ToArray(), NpgsqlDbType.Integer);
            Add(command, values.Select(v => v.Mature).ToArray(), NpgsqlDbType.Boolean);
            Add(command, values.Select(v => v.Territory).ToArray(), NpgsqlDbType.Text);
            Add(command, values.Select(v => v.Track).ToArray(), NpgsqlDbType.Text);
            Add(command, values.Select(v => v.Organisation).ToArray(), NpgsqlDbType.Text);
            Add(command, values.Select(v => v.SourceVersions).ToArray(), NpgsqlDbType.Text);
            batch.BatchCommands.Add(command);
        }
        if (changes.Deletions.Count > 0)
        {
            var command = new NpgsqlBatchCommand(
                $"""
                DELETE FROM {tables.IndicatorResults} r
                USING unnest($2::text[], $3::integer[], $4::date[], $5::uuid[], $6::integer[], $7::integer[]) AS k (d, v, c, id, e, o)
                WHERE r.tenant = $1 AND r.definition_id = k.d AND r.definition_version = k.v AND r.cohort = k.c
                  AND r.case_id = k.id AND r.episode = k.e AND r.occurrence = k.o
                """);
            command.Parameters.Add(new() { Value = tenant, NpgsqlDbType = NpgsqlDbType.Text });
            AddKeys(command, changes.Deletions);
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    private static void AddKeys(NpgsqlBatchCommand command, List<Key> keys)
    {
        Add(command, keys.Select(k => k.DefinitionId).ToArray(), NpgsqlDbType.Text);
        Add(command, keys.Select(k => k.DefinitionVersion).ToArray(), NpgsqlDbType.Integer);
        Add(command, keys.Select(k => k.Cohort).ToArray(), NpgsqlDbType.Date);
        Add(command, keys.Select(k => k.CaseId).ToArray(), NpgsqlDbType.Uuid);
        Add(command, keys.Select(k => k.Episode).ToArray(), NpgsqlDbType.Integer);
        Add(command, keys.Select(k => k.Occurrence).ToArray(), NpgsqlDbType.Integer);
    }

    private static void Add<T>(NpgsqlBatchCommand command, T[] values, NpgsqlDbType elementType) =>
        command.Parameters.Add(new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | elementType });

    private static DateOnly? Date(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);
}
