using System.Globalization;

namespace Parcours.Benchmarks;

/// <summary>What a benchmark reads of another process's memory (Linux, /proc).</summary>
internal static class ProcessMemory
{
    /// <summary>The process's peak resident set size (VmHWM) in MB; null when /proc does not say it.</summary>
    public static double? PeakResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
