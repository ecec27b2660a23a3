using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.Application;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Schema;

namespace Parcours.Projections.TimeTravel;

/// <summary>
/// Indicators as a report computed at an instant T would have shown them: only events recorded strictly before T,
/// evaluated as of T's date in Europe/Paris. Computed from the log, not from the projection (which only knows "now").
/// The cases to replay come from <c>case_months</c>: a case can only count in a cohort month if one of its events
/// carries a date in that month, whatever later corrections did; stock figures (which count in the as-of month) need
/// every case.
/// </summary>
public sealed class AsKnownAtReport(NpgsqlDataSource dataSource, EventStore.EventStore store)
{
    private const string S = ReadModelSchema.Name;

    public async Task<IReadOnlyList<IndicatorAggregate>> ComputeAsync(
        TenantId tenant, IReadOnlyList<IndicatorDefinition> definitions, YearMonth first, YearMonth last, Instant knownAt,
        CancellationToken ct = default)
    {
        var asOf = ParisCalendar.DateOf(knownAt);
        var everyCase = definitions.Any(d => d.Cohort is null) && asOf.ToYearMonth() >= first && asOf.ToYearMonth() <= last;
        var candidates = await CandidatesAsync(tenant, first, last, everyCase, ct);
        var aggregates = new IndicatorAggregates(definitions);
        var chunks = candidates.Chunk(2_000).ToList();
        // The next chunk is read (and decoded) while this one is evaluated.
        // Events recorded from knownAt on are not read: the engine would drop them anyway.
        var reading = chunks.Count > 0 ? store.ReadStreamsAsync(tenant, chunks[0], ct, recordedBefore: knownAt) : null;
        for (var i = 0; i < chunks.Count; i++)
        {
            var streams = await reading!;
            reading = i + 1 < chunks.Count ? store.ReadStreamsAsync(tenant, chunks[i + 1], ct, recordedBefore: knownAt) : null;
            // The engine on every core, then the aggregates, each definition's on its own core.
            var results = streams.AsParallel()
                .SelectMany(s => IndicatorEngine.Evaluate( // the engine keeps the events recorded before knownAt
                    definitions, new CaseId(s.Key.Value), [.. s.Value.Select(PathwayEventStore.ToRecorded)], asOf, knownAt))
                .Where(r => r.Cohort is { } cohort && cohort >= first && cohort <= last)
                .ToList();
            aggregates.Add(results);
        }
        return aggregates.All;
    }

    private async Task<IReadOnlyList<StreamId>> CandidatesAsync(TenantId tenant, YearMonth first, YearMonth last, bool everyCase, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(everyCase
            ? $"SELECT DISTINCT case_id FROM {S}.case_months WHERE tenant = $1"
            : $"SELECT DISTINCT case_id FROM {S}.case_months WHERE tenant = $1 AND month BETWEEN $2 AND $3");
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        if (!everyCase)
        {
            command.Parameters.Add(new() { Value = Db.FirstDay(first), NpgsqlDbType = NpgsqlDbType.Date });
            command.Parameters.Add(new() { Value = Db.FirstDay(last), NpgsqlDbType = NpgsqlDbType.Date });
        }
        var ids = new List<StreamId>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(new StreamId(reader.GetGuid(0)));
        return ids;
    }
}
