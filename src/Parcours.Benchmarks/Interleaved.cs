namespace Parcours.Benchmarks;

/// <summary>
/// Measures a Parcours path against its raw baseline in alternating rounds (baseline then Parcours, then Parcours then
/// baseline, ...) and keeps the median of the per-round ratios. The machines are shared: a build starting on another
/// session can halve throughput for a minute. Run one after the other, the two sides would see different loads; in
/// short alternating rounds both sides see nearly the same load, and the median discards the round a swing hit.
/// </summary>
public static class Interleaved
{
    /// <summary>A higher-is-better figure (a rate) per round, for each side.</summary>
    public static async Task<Comparison> RatesAsync(int rounds, Func<Task<double>> baseline, Func<Task<double>> measured)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var baselines = new double[rounds];
        var values = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                baselines[round] = await baseline();
                values[round] = await measured();
            }
            else
            {
                values[round] = await measured();
                baselines[round] = await baseline();
            }
        }

        return new Comparison(Median(values), Median(baselines), Median(values.Zip(baselines, (v, b) => b > 0 ? v / b : 0)));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>Medians over the rounds of the measured figure, of its baseline, and of their per-round ratio.</summary>
public sealed record Comparison(double Value, double Baseline, double Ratio)
{
    public BenchmarkResult ToResult(string name, string unit) =>
        new(name, Math.Round(Value, 1), unit, Math.Round(Baseline, 1), Math.Round(Ratio, 3));
}
