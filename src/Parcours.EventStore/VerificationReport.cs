namespace Parcours.EventStore;

/// <summary>The outcome of <see cref="EventStore.VerifyAsync"/>: how much was checked and every broken stream.</summary>
public sealed record VerificationReport(int StreamsChecked, long EventsChecked, IReadOnlyList<BrokenStream> BrokenStreams)
{
    public bool IsIntact => BrokenStreams.Count == 0;
}

/// <summary>A stream whose hash chain does not hold, from <paramref name="FirstBadVersion"/> on.</summary>
public sealed record BrokenStream(StreamId StreamId, long FirstBadVersion, BreakKind Kind, string Reason);

public enum BreakKind
{
    /// <summary>An event's content no longer matches its hash, or a hash was changed: the event was altered.</summary>
    Altered,

    /// <summary>A version is missing, or the stream says it holds more events than remain: events were removed.</summary>
    Removed,
}

/// <summary>How far <see cref="EventStore.VerifyAsync"/> has got: events checked out of the tenant's (or stream's) total.</summary>
public sealed record VerificationProgress(long EventsChecked, long EventsTotal);
