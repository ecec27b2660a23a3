namespace Parcours.Benchmarks;

/// <summary>How long each timed scenario runs, after a warm-up that is not measured.</summary>
public sealed record AppendBenchmarkOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(1);
    public int ConcurrentWriters { get; init; } = 4;
    public int BulkEvents { get; init; } = 100_000;

    /// <summary>Events per stream in the bulk scenario (100,000 events over 10,000 streams by default).</summary>
    public int BulkEventsPerStream { get; init; } = 10;
}
