namespace Parcours.EventStore;

/// <summary>
/// The events each stream held before an append, as the appender had already read them (a command handler folds the
/// stream before deciding; an importer holds the cases it changes). Handed to the inline projections so that they need
/// not read those streams again inside the append transaction.
/// <para>Only whole prefixes are kept: versions 1 … n, of the appended stream and tenant, where n + 1 is the first
/// version the append wrote. Since the append checked the stream was at version n under its lock, and stored events
/// never change, such a prefix is exactly what the stream held. A history that does not fit is dropped (the projection
/// then reads the stream), never trusted.</para>
/// </summary>
public sealed class KnownHistories
{
    private readonly Dictionary<StreamId, IReadOnlyList<StoredEvent>> prior;

    private KnownHistories(Dictionary<StreamId, IReadOnlyList<StoredEvent>> prior) => this.prior = prior;

    /// <summary>Nothing known: the projections read what they need.</summary>
    public static KnownHistories None { get; } = new([]);

    /// <summary>How many streams have a known prior history.</summary>
    public int Count => prior.Count;

    /// <summary>The events of <paramref name="stream"/> before the append (empty for a stream the append created).</summary>
    public bool TryGetPrior(StreamId stream, out IReadOnlyList<StoredEvent> events) => prior.TryGetValue(stream, out events!);

    /// <summary>Keeps each offered history that is exactly the stream's events before <c>FirstAppendedVersion</c>.</summary>
    internal static KnownHistories Checked(
        TenantId tenant, IEnumerable<(StreamId Stream, IReadOnlyList<StoredEvent>? Prior, long FirstAppendedVersion)> offered)
    {
        Dictionary<StreamId, IReadOnlyList<StoredEvent>>? kept = null;
        foreach (var (stream, history, first) in offered)
        {
            if (history is null || !IsWholePrefix(tenant, stream, history, first)) continue;
            (kept ??= [])[stream] = history;
        }
        return kept is null ? None : new KnownHistories(kept);
    }

    private static bool IsWholePrefix(TenantId tenant, StreamId stream, IReadOnlyList<StoredEvent> history, long firstAppended)
    {
        if (history.Count != firstAppended - 1) return false;
        for (var i = 0; i < history.Count; i++)
        {
            var e = history[i];
            if (e.Version != i + 1 || e.StreamId != stream || e.Tenant != tenant) return false;
        }
        return true;
    }
}
