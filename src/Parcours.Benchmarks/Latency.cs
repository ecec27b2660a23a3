using System.Diagnostics;

namespace Parcours.Benchmarks;

/// <summary>Timing of calls: durations, and latency percentiles of repeated calls.</summary>
internal static class Latency
{
    /// <summary>The p95 in milliseconds of <paramref name="samples"/> calls, after <paramref name="warmUp"/> unmeasured ones.</summary>
    public static async Task<double> P95Async<T>(int samples, Func<Task<T>> action, int warmUp = 20)
    {
        for (var i = 0; i < warmUp; i++) await action();
        var timings = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            timings[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(timings);
        return Math.Round(Percentile(timings, 0.95), 2);
    }

    /// <summary>The seconds <paramref name="action"/> takes.</summary>
    public static async Task<double> SecondsAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The nearest-rank percentile of already sorted values (NaN when there are none).</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
