using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parcours.Benchmarks;

/// <summary>One measured figure, with the raw-Npgsql baseline it is compared to and value / baseline.</summary>
public sealed record BenchmarkResult(string Name, double Value, string Unit, double? Baseline, double? Ratio)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static BenchmarkResult Compared(string name, double value, string unit, double baseline) =>
        new(name, Math.Round(value, 1), unit, Math.Round(baseline, 1), baseline > 0 ? Math.Round(value / baseline, 3) : null);

    /// <summary>One JSON object on one line: {"name":…,"value":…,"unit":…,"baseline":…,"ratio":…}.</summary>
    public string ToJsonLine() => JsonSerializer.Serialize(this, Json);
}
