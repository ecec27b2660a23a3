using NodaTime;

namespace Parcours.Simulation.Randomness;

/// <summary>A range of whole days, both bounds included, and its relative weight.</summary>
public readonly record struct DayRange(int MinDays, int MaxDays, double Weight);

/// <summary>
/// A delay in days drawn from a mixture of uniform ranges ("60 % within 1-7 days, 30 % within 8-30, 10 % within
/// 31-120"). Field reports give delays in that shape; it also keeps sampling free of floating-point functions.
/// </summary>
public sealed record DelayDistribution(IReadOnlyList<DayRange> Ranges)
{
    public static DelayDistribution Of(params DayRange[] ranges)
    {
        if (ranges.Length == 0) throw new ArgumentException("A delay distribution needs at least one range.", nameof(ranges));
        foreach (var r in ranges)
            if (r.MinDays < 0 || r.MaxDays < r.MinDays || r.Weight <= 0)
                throw new ArgumentException($"Invalid range {r}.", nameof(ranges));
        return new DelayDistribution(ranges);
    }

    public static DelayDistribution Between(int minDays, int maxDays) => Of(new DayRange(minDays, maxDays, 1));

    public int SampleDays(SeededRandom random)
    {
        var total = 0.0;
        foreach (var r in Ranges) total += r.Weight;
        var target = random.NextDouble() * total;
        var chosen = Ranges[^1];
        foreach (var r in Ranges)
        {
            if (target < r.Weight) { chosen = r; break; }
            target -= r.Weight;
        }
        return random.Between(chosen.MinDays, chosen.MaxDays);
    }

    public LocalDate After(LocalDate start, SeededRandom random) => start.PlusDays(SampleDays(random));
}
