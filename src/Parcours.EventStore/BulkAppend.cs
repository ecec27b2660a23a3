namespace Parcours.EventStore;

/// <summary>The events to add to one stream within a bulk append.</summary>
public sealed record StreamAppend(StreamId StreamId, string StreamType, ExpectedVersion Expected, IReadOnlyList<object> Events)
{
    /// <summary>
    /// Optional: one metadata per event, replacing the bulk append's own for that event. For imports of history kept
    /// in older software, where each step was recorded by someone at some instant (<see cref="EventMetadata.RecordedAtOverride"/>).
    /// </summary>
    public IReadOnlyList<EventMetadata>? EventMetadata { get; init; }

    /// <summary>
    /// Optional: the stream's events before this append, as the caller already holds them (an import keeps the cases it
    /// changes), handed to the inline projections so that they do not read the stream again (see <see cref="KnownHistories"/>).
    /// Used only if it is exactly what preceded the append.
    /// </summary>
    public IReadOnlyList<StoredEvent>? KnownHistory { get; init; }
}

/// <summary>The outcome of a bulk append: how many events were written and each touched stream's new version.</summary>
public sealed record BulkAppendResult(long EventCount, IReadOnlyDictionary<StreamId, long> StreamVersions);
