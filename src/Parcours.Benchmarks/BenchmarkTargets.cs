namespace Parcours.Benchmarks;

/// <summary>A performance target of the project: which figure it applies to, in words, and the test.</summary>
/// <param name="Name">The figure's name, or a prefix ending with <c>*</c>.</param>
/// <param name="Goal">The target as printed in the summary table.</param>
/// <param name="Scale">When the target only holds at a size: the figure of the same run that gives the size, and its minimum
/// (e.g. the projections' latencies are targets on a département of at least a million events).</param>
public sealed record BenchmarkTarget(string Name, string Goal, Func<BenchmarkResult, bool> IsMet, (string Name, double Minimum)? Scale = null)
{
    /// <summary>False when the run was smaller than the target's size: the figure is shown, not judged.</summary>
    public bool AppliesAtScaleOf(IReadOnlyList<BenchmarkResult> run) =>
        Scale is not { } scale || run.Any(r => r.Name == scale.Name && r.Value >= scale.Minimum);

    public bool AppliesTo(string name) =>
        Name.EndsWith('*') ? name.StartsWith(Name[..^1], StringComparison.Ordinal) : name == Name;
}

/// <summary>
/// The targets of issue 8 (and the import target of issue 6), checked against figures of the same run: ratios to a raw
/// baseline measured alongside, or absolute bounds where the target is one (latencies, memory, national load time).
/// </summary>
public static class BenchmarkTargets
{
    // Declared before All: static fields are initialised in the order of the text.
    private static readonly (string, double) MillionEvents = ("projections.events", 1_000_000);

    public static IReadOnlyList<BenchmarkTarget> All { get; } =
    [
        new("append.single.4-writers", "ratio ≥ 0,70", r => r.Ratio >= 0.70),
        new("append.bulk.*", "ratio ≥ 0,60", r => r.Ratio >= 0.60),
        new("http.step-command.8-clients", "≥ 1 500/s et ratio ≥ 0,20", r => r.Value >= 1_500 && r.Ratio >= 0.20),
        new("http.server.peak-rss", "< 400 MB", r => r.Value < 400),
        new("projections.rebuild", "≥ 150 000/s et ratio ≥ 0,25", r => r.Value >= 150_000 && r.Ratio >= 0.25, MillionEvents),
        new("projections.monthly-report.p95", "< 50 ms", r => r.Value < 50, MillionEvents),
        new("projections.case-replay.p95", "< 5 ms", r => r.Value < 5, MillionEvents),
        new("projections.as-known-at-year.p95", "< 2 000 ms", r => r.Value < 2_000, MillionEvents),
        new("import.cnaf.events", "ratio ≥ 0,25", r => r.Ratio >= 0.25),
        new("national.load-and-rebuild", "< 600 s", r => r.Value < 600),
        new("national.bytes-per-event", "≤ 400 octets", r => r.Value <= 400, ("national.events", 1_000_000)),
    ];

    public static BenchmarkTarget? For(string name) => All.FirstOrDefault(t => t.AppliesTo(name));
}
