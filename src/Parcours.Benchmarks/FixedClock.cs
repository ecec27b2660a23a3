using NodaTime;

namespace Parcours.Benchmarks;

/// <summary>A clock stopped at one instant: the benchmarks' "today" (the day after the simulated window).</summary>
internal sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}
