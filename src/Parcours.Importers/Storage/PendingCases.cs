using NodaTime;
using Parcours.Application;
using Parcours.Domain.Pathways;
using Parcours.EventStore;

namespace Parcours.Importers.Storage;

/// <summary>
/// The cases an import changes, with their history as it will stand once the import is applied: each command is decided
/// against that state (so two changes of one case in one file are judged in order), and the accepted events wait here
/// for the single bulk append at the end.
/// </summary>
public sealed class PendingCases
{
    private readonly Dictionary<CaseId, Pending> _cases = [];

    public int Events { get; private set; }

    public bool IsTracked(CaseId @case) => _cases.ContainsKey(@case);

    /// <summary>
    /// Starts tracking a case from its stored history (empty for a case the import creates), kept as read: the append hands
    /// it to the inline projections, which then need not read the stream again.
    /// </summary>
    public void Track(CaseId @case, IReadOnlyList<StoredEvent> stored)
    {
        if (_cases.ContainsKey(@case)) return;
        var history = stored.Select(PathwayEventStore.ToRecorded).ToList();
        _cases.Add(@case, new Pending(history.Count == 0 ? 0 : history.Max(e => e.Version), history, stored));
    }

    public PathwayState StateOf(CaseId @case) => _cases[@case].State;

    /// <summary>Decides <paramref name="command"/> against the case as it stands; accepted events are queued. Null when accepted.</summary>
    public Rejection? Decide(CaseId @case, IPathwayCommand command, LocalDate today, EventMetadata metadata)
    {
        var pending = _cases[@case];
        switch (PathwayDecider.Decide(command, pending.State, today))
        {
            case Decision.Rejected rejected:
                return rejected.Rejection;
            case Decision.Accepted accepted:
                foreach (var @event in accepted.Events)
                {
                    var version = pending.History.Count == 0 ? 1 : pending.History[^1].Version + 1;
                    pending.History.Add(new RecordedPathwayEvent(version, @event, metadata.RecordedAtOverride ?? Instant.MinValue, metadata.Actor));
                    pending.New.Add(@event);
                    pending.Metadata.Add(metadata);
                    Events++;
                }
                if (accepted.Events.Count > 0) pending.Refold();
                return null;
            default:
                throw new InvalidOperationException("Unknown decision.");
        }
    }

    /// <summary>
    /// The appends of the events queued so far (<see cref="ToAppends"/>), then forgets every case: an importer that appends
    /// batch by batch in its transaction keeps its memory bounded by one batch, and re-reads (in that transaction) a case a
    /// later batch changes again.
    /// </summary>
    public IReadOnlyList<StreamAppend> TakeAppends()
    {
        var appends = ToAppends();
        _cases.Clear();
        return appends;
    }

    /// <summary>One stream append per changed case, each expecting the version the import started from.</summary>
    public IReadOnlyList<StreamAppend> ToAppends() =>
    [
        .. _cases.Where(c => c.Value.New.Count > 0).Select(c => new StreamAppend(
            new StreamId(c.Key.Value), PathwayEventTypes.StreamType,
            c.Value.BaseVersion == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(c.Value.BaseVersion),
            [.. c.Value.New.Cast<object>()])
        {
            EventMetadata = c.Value.Metadata,
            KnownHistory = c.Value.Stored, // the inline case summary folds it instead of reading the stream again
        }),
    ];

    private sealed class Pending(long baseVersion, List<RecordedPathwayEvent> history, IReadOnlyList<StoredEvent> stored)
    {
        public long BaseVersion { get; } = baseVersion;
        public IReadOnlyList<StoredEvent> Stored { get; } = stored;
        public List<RecordedPathwayEvent> History { get; } = history;
        public List<IPathwayEvent> New { get; } = [];
        public List<EventMetadata> Metadata { get; } = [];
        public PathwayState State { get; private set; } = PathwayState.From(history);

        public void Refold() => State = PathwayState.From(History);
    }
}
