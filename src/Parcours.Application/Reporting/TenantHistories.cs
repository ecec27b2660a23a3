using Parcours.Domain.Pathways;
using Parcours.EventStore;

namespace Parcours.Application.Reporting;

/// <summary>
/// Every pathway stream of one tenant, read through the store's global reader (so nothing committed is missed)
/// and grouped by case, each stream in version order.
/// </summary>
public static class TenantHistories
{
    public static async Task<IReadOnlyDictionary<CaseId, List<RecordedPathwayEvent>>> ReadAsync(
        EventStore.EventStore store, TenantId tenant, int batchSize = 10_000, CancellationToken cancellationToken = default)
    {
        var histories = new Dictionary<CaseId, List<RecordedPathwayEvent>>();
        var position = GlobalPosition.Start;
        while (true)
        {
            var batch = await store.ReadAllAsync(position, batchSize, tenant, cancellationToken);
            if (batch.Events.Count == 0) break;
            foreach (var stored in batch.Events)
            {
                var caseId = new CaseId(stored.StreamId.Value);
                if (!histories.TryGetValue(caseId, out var events)) histories[caseId] = events = [];
                events.Add(PathwayEventStore.ToRecorded(stored));
            }
            position = batch.Next;
        }
        // The global order is version order within a stream; sorting is a cheap guard that keeps this true by construction.
        foreach (var events in histories.Values) events.Sort((a, b) => a.Version.CompareTo(b.Version));
        return histories;
    }
}
