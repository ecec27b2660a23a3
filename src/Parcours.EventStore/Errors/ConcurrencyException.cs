namespace Parcours.EventStore;

/// <summary>The stream was not at the version the writer expected: someone else appended first.</summary>
public sealed class ConcurrencyException(StreamId streamId, ExpectedVersion expected, long? actual, Exception? inner = null)
    : EventStoreException(
        $"Stream {streamId} is at version {(actual is null ? "(moved on by a concurrent append)" : actual)}, the append expected {expected}.", inner)
{
    public StreamId StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;

    /// <summary>The version found; null when the race was lost at the unique index (the version is then past the expected one).</summary>
    public long? Actual { get; } = actual;
}
