using System.Diagnostics;

namespace Parcours.Benchmarks;

/// <summary>Concurrent clients, each running its operation in a loop until a deadline: the load of every throughput scenario.</summary>
public static class ClientLoops
{
    /// <summary>Runs the clients' loops concurrently for <paramref name="duration"/>; returns the operations completed.</summary>
    public static async Task<long> RunForAsync(Func<Task>[] clients, TimeSpan duration, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            long done = 0;
            while (Stopwatch.GetTimestamp() < deadline && !ct.IsCancellationRequested)
            {
                await client();
                done++;
            }

            return done;
        }, ct)));
        return counts.Sum();
    }

    /// <summary>Runs the clients' loops concurrently for <paramref name="duration"/>; returns operations per second.</summary>
    public static async Task<double> RateAsync(Func<Task>[] clients, TimeSpan duration, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var count = await RunForAsync(clients, duration, ct);
        return count / clock.Elapsed.TotalSeconds;
    }
}
