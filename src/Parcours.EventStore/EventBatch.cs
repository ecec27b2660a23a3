namespace Parcours.EventStore;

/// <summary>A page of the global log, and the position to read the next page from.</summary>
public sealed record EventBatch(IReadOnlyList<StoredEvent> Events, GlobalPosition Next);

/// <summary>
/// How far the global reader can go and how far behind a checkpoint is.
/// </summary>
/// <param name="HighWater">The last readable position (everything at or below it is final), or the start when the log is empty.</param>
/// <param name="EventsBehind">Readable events after the checkpoint: the projection's lag.</param>
/// <param name="EventsHeldBack">Committed events not yet readable because an older transaction is still open
/// (a growing number points at a long transaction somewhere on the server).</param>
/// <param name="SnapshotXmin">The oldest transaction still running when this was measured.</param>
public sealed record ReaderProgress(GlobalPosition HighWater, long EventsBehind, long EventsHeldBack, ulong SnapshotXmin);
