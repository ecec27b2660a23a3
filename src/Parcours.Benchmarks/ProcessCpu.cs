using System.Globalization;

namespace Parcours.Benchmarks;

/// <summary>
/// CPU time of processes, read from /proc (Linux): what a scenario costs each party (the server, PostgreSQL, the load
/// generator), summed over the measured rounds only. Clock ticks of 10 ms (USER_HZ = 100 on Linux).
/// </summary>
internal sealed class ProcessCpu(int serverProcessId)
{
    private const double MillisecondsPerTick = 10;

    public double ServerMilliseconds { get; private set; }
    public double PostgresMilliseconds { get; private set; }
    public double ClientMilliseconds { get; private set; }

    /// <summary>Runs <paramref name="round"/> and adds the CPU each party used meanwhile.</summary>
    public async Task<T> MeasureAsync<T>(Func<Task<T>> round)
    {
        var before = Sample();
        var result = await round();
        var after = Sample();
        ServerMilliseconds += (after.Server - before.Server) * MillisecondsPerTick;
        ClientMilliseconds += (after.Client - before.Client) * MillisecondsPerTick;
        // Backends alive at both ends (the pools keep theirs open for the whole run).
        PostgresMilliseconds += after.Postgres.Where(p => before.Postgres.ContainsKey(p.Key)).Sum(p => p.Value - before.Postgres[p.Key]) * MillisecondsPerTick;
        return result;
    }

    private (long Server, long Client, Dictionary<int, long> Postgres) Sample()
    {
        var postgres = new Dictionary<int, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            if (Ticks(pid, "postgres") is { } ticks) postgres[pid] = ticks;
        }
        return (Ticks(serverProcessId) ?? 0, Ticks(Environment.ProcessId) ?? 0, postgres);
    }

    /// <summary>utime + stime of a process (and only if its command is <paramref name="command"/>, when given).</summary>
    private static long? Ticks(int pid, string? command = null)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone meanwhile
        }
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        if (command is not null && stat[(open + 1)..close] != command) return null;
        var fields = stat[(close + 2)..].Split(' ');
        // After the command: state is field 3 of stat(5), so utime (14) and stime (15) are at 11 and 12 here.
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
