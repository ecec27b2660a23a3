namespace Parcours.Benchmarks;

/// <summary>How long each timed scenario runs, after a warm-up that is not measured.</summary>
public sealed record AppendBenchmarkOptions
{
    /// <summary>Total measured time of each side of a single-append scenario, split into <see cref="Rounds"/>.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Alternating rounds per single-append scenario (see <see cref="Interleaved"/>).</summary>
    public int Rounds { get; init; } = 6;

    /// <summary>Alternating rounds of the bulk scenario, each appending <see cref="BulkEvents"/> on each side.</summary>
    public int BulkRounds { get; init; } = 3;
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The numbers of concurrent writers of the single-append scenarios, each against as many raw INSERT clients.</summary>
    public IReadOnlyList<int> Writers { get; init; } = [1, 4];

    public int BulkEvents { get; init; } = 100_000;

    /// <summary>Events per stream in the bulk scenario (100,000 events over 10,000 streams by default).</summary>
    public int BulkEventsPerStream { get; init; } = 10;
}
