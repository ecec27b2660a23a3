using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.Application;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.EventStore.Schema;
using Parcours.Projections.Schema;

namespace Parcours.Projections.Closing;

/// <summary>
/// The figures of one month computed from the log by the engine (not read from the projection, so that a closing is
/// exact whatever the daemon's lag): every definition of the catalogue, cohort definitions evaluated as of
/// <c>evaluatedOn</c>, snapshot definitions (no cohort anchor, they count in the as-of month) as of the month's last day.
/// Only events at or before <c>upTo</c> count when it is given.
/// </summary>
internal sealed class MonthEvaluation(EventStore.EventStore store, IndicatorCatalogue catalogue)
{
    private const int StreamsPerRead = 4_000;

    public IReadOnlyList<IndicatorDefinition> Definitions { get; } = catalogue.Definitions;

    public async Task<IReadOnlyList<IndicatorResult>> ResultsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, TenantId tenant, YearMonth month, LocalDate evaluatedOn,
        GlobalPosition? upTo, CancellationToken ct)
    {
        var cohortDefinitions = Definitions.Where(d => d.Cohort is not null).ToList();
        var snapshotDefinitions = Definitions.Where(d => d.Cohort is null).ToList();
        var monthEnd = month.OnDayOfMonth(1).PlusMonths(1).PlusDays(-1);
        var snapshotAsOf = monthEnd < evaluatedOn ? monthEnd : evaluatedOn;

        var inMonth = (await CasesAsync(connection, transaction, tenant, month, ct)).ToHashSet();
        var candidates = snapshotDefinitions.Count > 0 ? await CasesAsync(connection, transaction, tenant, null, ct) : [.. inMonth];
        var results = new List<IndicatorResult>();
        foreach (var chunk in candidates.Chunk(StreamsPerRead))
        {
            var streams = await store.ReadStreamsAsync(connection, transaction, tenant, chunk, ct);
            foreach (var (streamId, stored) in streams)
            {
                var caseId = new CaseId(streamId.Value);
                var events = stored.Where(e => upTo is null || e.Position <= upTo).Select(PathwayEventStore.ToRecorded).ToList();
                if (events.Count == 0) continue;
                IEnumerable<IndicatorResult> found = IndicatorEngine.Evaluate(snapshotDefinitions, caseId, events, snapshotAsOf);
                if (inMonth.Contains(streamId)) found = found.Concat(IndicatorEngine.Evaluate(cohortDefinitions, caseId, events, evaluatedOn));
                results.AddRange(found.Where(r => r.Cohort == month));
            }
        }
        return results;
    }

    /// <summary>Every cell of every definition for the month, an overall cell (possibly with no member) always included.</summary>
    public IReadOnlyList<ClosedFigure> Cells(YearMonth month, IReadOnlyList<IndicatorResult> results)
    {
        var byDefinition = results.ToLookup(r => (r.DefinitionId, r.DefinitionVersion));
        var figures = new List<ClosedFigure>();
        foreach (var definition in Definitions)
        {
            var aggregate = IndicatorAggregate.Of(definition, byDefinition[(definition.Id, definition.Version)]);
            var cells = aggregate.All().Where(c => c.Key.Cohort == month).ToDictionary(c => c.Key, c => c.Value);
            cells.TryAdd(CohortKey.Overall(month), aggregate[CohortKey.Overall(month)]);
            figures.AddRange(cells.Select(c => new ClosedFigure(definition.Id, definition.Version, c.Key, c.Value)));
        }
        return figures;
    }

    /// <summary>The cases with an event dated in <paramref name="month"/> (from the inline case_months), or every case of the tenant.</summary>
    private static async Task<List<StreamId>> CasesAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, TenantId tenant, YearMonth? month, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(month is null
            ? $"SELECT id FROM {EventStoreSchema.Name}.streams WHERE tenant = $1 ORDER BY id"
            : $"SELECT case_id FROM {ReadModelSchema.Name}.case_months WHERE tenant = $1 AND month = $2 ORDER BY case_id", connection, transaction);
        command.Parameters.Add(new() { Value = tenant.Code, NpgsqlDbType = NpgsqlDbType.Text });
        if (month is { } m) command.Parameters.Add(new() { Value = Db.FirstDay(m), NpgsqlDbType = NpgsqlDbType.Date });
        var ids = new List<StreamId>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(new StreamId(reader.GetGuid(0)));
        return ids;
    }
}
