using System.Diagnostics;

namespace Parcours.Benchmarks;

/// <summary>
/// What this process spent between two points: garbage collections by generation, their pauses, bytes allocated and CPU.
/// A scenario's log line says from it whether its time went to the collector, to other work, or to waiting.
/// </summary>
internal readonly record struct RuntimeCost(TimeSpan Pauses, int Gen0, int Gen1, int Gen2, long Allocated, TimeSpan Cpu)
{
    public static RuntimeCost Now() => new(
        GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
        GC.GetTotalAllocatedBytes(), Process.GetCurrentProcess().TotalProcessorTime);

    public RuntimeCost Since(RuntimeCost start) => new(
        Pauses - start.Pauses, Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, Allocated - start.Allocated, Cpu - start.Cpu);

    public override string ToString() =>
        $"GC {Gen0}/{Gen1}/{Gen2} (gen0/1/2), pauses {Pauses.TotalSeconds:N2} s, {Allocated / 1e9:N2} Go alloués, CPU {Cpu.TotalSeconds:N1} s";
}
