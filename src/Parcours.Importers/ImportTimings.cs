using System.Collections.Concurrent;
using System.Diagnostics;

namespace Parcours.Importers;

/// <summary>Wall-clock time spent in each phase of the imports of this process (for profiling; printed by the CLI on request).</summary>
public static class ImportTimings
{
    private static readonly ConcurrentDictionary<string, long> Ticks = new();

    public static async Task<T> MeasureAsync<T>(string phase, Func<Task<T>> action)
    {
        var start = Stopwatch.GetTimestamp();
        try { return await action(); }
        finally { Ticks.AddOrUpdate(phase, Stopwatch.GetTimestamp() - start, (_, t) => t + Stopwatch.GetTimestamp() - start); }
    }

    public static async Task MeasureAsync(string phase, Func<Task> action) =>
        await MeasureAsync(phase, async () => { await action(); return 0; });

    public static IReadOnlyDictionary<string, TimeSpan> Snapshot() =>
        Ticks.ToDictionary(t => t.Key, t => TimeSpan.FromSeconds(t.Value / (double)Stopwatch.Frequency));
}
