using System.Threading.Channels;
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

    /// <summary>Cases handed to a worker at a time: enough to make the hand-over cheap, few enough to keep little in flight.</summary>
    private const int CasesPerBatch = 64;

    public async Task<IReadOnlyList<IndicatorAggregate>> ComputeAsync(
        TenantId tenant, IReadOnlyList<IndicatorDefinition> definitions, YearMonth first, YearMonth last, Instant knownAt,
        CancellationToken ct = default)
    {
        var asOf = ParisCalendar.DateOf(knownAt);
        var everyCase = definitions.Any(d => d.Cohort is null) && asOf.ToYearMonth() >= first && asOf.ToYearMonth() <= last;
        var candidates = await CandidatesAsync(tenant, first, last, everyCase, ct);

        // One statement reads every candidate's events (those recorded before knownAt: the engine would drop the others)
        // and this thread decodes them, stream after stream, into a short queue; one worker per core evaluates them into
        // its own aggregates, merged at the end. Only the queued streams are alive at any time, so the collector has
        // little to keep: reading in chunks of thousands of streams kept each chunk and its results alive across
        // collections, and the pauses were a quarter of the report's time.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var queue = Channel.CreateBounded<List<(StreamId Id, IReadOnlyList<StoredEvent> Events)>>(
            new BoundedChannelOptions(2 * Environment.ProcessorCount) { SingleWriter = true });
        var workers = Enumerable.Range(0, Environment.ProcessorCount)
            .Select(_ => Task.Run(() => EvaluateAsync(queue.Reader, definitions, first, last, asOf, knownAt, stop), stop.Token))
            .ToList();
        try
        {
            var batch = new List<(StreamId, IReadOnlyList<StoredEvent>)>(CasesPerBatch);
            await foreach (var stream in store.EnumerateStreamsAsync(tenant, candidates, knownAt, stop.Token))
            {
                batch.Add(stream);
                if (batch.Count < CasesPerBatch) continue;
                await queue.Writer.WriteAsync(batch, stop.Token);
                batch = new(CasesPerBatch);
            }
            if (batch.Count > 0) await queue.Writer.WriteAsync(batch, stop.Token);
            queue.Writer.Complete();
        }
        catch (Exception e)
        {
            queue.Writer.TryComplete(e);
            stop.Cancel(); // the workers stop; a worker's own failure, if that is what cancelled the reading, is thrown below
            await Task.WhenAll(workers).ContinueWith(_ => { }, TaskScheduler.Default);
            var failed = workers.FirstOrDefault(w => w.IsFaulted);
            if (e is OperationCanceledException && !ct.IsCancellationRequested && failed is not null) failed.GetAwaiter().GetResult();
            throw;
        }
        var parts = await Task.WhenAll(workers);
        for (var i = 1; i < parts.Length; i++) parts[0].Merge(parts[i]);
        return parts[0].All;
    }

    /// <summary>One worker: the engine over each queued case, as of <paramref name="asOf"/>, into aggregates of its own.</summary>
    private static async Task<IndicatorAggregates> EvaluateAsync(
        ChannelReader<List<(StreamId Id, IReadOnlyList<StoredEvent> Events)>> queue, IReadOnlyList<IndicatorDefinition> definitions,
        YearMonth first, YearMonth last, LocalDate asOf, Instant knownAt, CancellationTokenSource stop)
    {
        var aggregates = new IndicatorAggregates(definitions);
        try
        {
            await foreach (var batch in queue.ReadAllAsync(stop.Token))
            {
                foreach (var (id, events) in batch)
                {
                    var history = new List<RecordedPathwayEvent>(events.Count);
                    foreach (var e in events) history.Add(PathwayEventStore.ToRecorded(e));
                    foreach (var result in IndicatorEngine.Evaluate(definitions, new CaseId(id.Value), history, asOf, knownAt))
                        if (result.Cohort is { } cohort && cohort >= first && cohort <= last) aggregates.Add(result);
                }
            }
            return aggregates;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            stop.Cancel(); // the reader stops rather than wait for room in the queue
            throw;
        }
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
