using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Simulation;

namespace Parcours.Benchmarks;

/// <summary>Synthetic people as the store's bulk appends: each step with its own actor and recording instant.</summary>
internal static class SyntheticAppends
{
    /// <summary>The people with at least one event, each as a new stream.</summary>
    public static List<StreamAppend> From(IEnumerable<SyntheticPerson> people) =>
    [
        .. people.Where(p => p.Events.Count > 0).Select(p =>
            new StreamAppend(new StreamId(p.CaseId.Value), PathwayEventTypes.StreamType, ExpectedVersion.NoStream, [.. p.Events.Select(e => (object)e.Event)])
            {
                EventMetadata = [.. p.Events.Select(e => new EventMetadata(e.RecordedBy, RecordedAtOverride: e.RecordedAt))],
            }),
    ];
}
