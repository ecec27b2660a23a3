using System.Text.Json;
using Parcours.Benchmarks;
using Parcours.Testing;

namespace Parcours.Cli.Tests;

/// <summary>
/// The benchmark verbs print one JSON object per figure and a summary judged against the targets. Tiny sizes: this checks
/// the harness and its output, not performance (targets are judged by runs at full size, see docs/performance.md).
/// </summary>
public sealed class BenchCommandTests(PostgresDatabaseFixture server) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task National_reports_each_figure_at_each_checkpoint_as_json_lines_then_a_summary()
    {
        var run = await Cli.RunAsync(server.ConnectionString, "bench", "national", "--scale", "0.002", "--departements", "3");

        run.ExitCode.ShouldBe(0, run.Error);
        var results = JsonLines(run.Output);
        foreach (var checkpoint in new[] { 1, 2, 3 })
        {
            results.ShouldContain(r => r.Name == $"national.load.{checkpoint}" && r.Value > 0 && r.Baseline > 0 && r.Ratio > 0);
            results.ShouldContain(r => r.Name == $"national.rebuild.{checkpoint}" && r.Value > 0);
            results.ShouldContain(r => r.Name == $"national.bytes-per-event.{checkpoint}" && r.Value > 0);
            results.ShouldContain(r => r.Name == $"national.monthly-report.p95.{checkpoint}");
        }
        var events = results.Single(r => r.Name == "national.events").Value;
        events.ShouldBeGreaterThan(1_000);
        results.Single(r => r.Name == "national.departements").Value.ShouldBe(3);
        // A reduced run is not judged against the 10-minute target for all of France.
        results.ShouldContain(r => r.Name == "national.reduced.load-and-rebuild");
        results.ShouldNotContain(r => r.Name == "national.load-and-rebuild");
        run.Error.ShouldContain("Résumé des mesures");
        run.Error.ShouldContain("n.a. (taille réduite)");
    }

    [Fact]
    public async Task Append_compares_each_writer_count_with_raw_inserts_of_the_same_run()
    {
        var run = await Cli.RunAsync(server.ConnectionString, "bench", "append", "--seconds", "1", "--writers", "2", "--bulk-events", "2000");

        run.ExitCode.ShouldBe(0, run.Error);
        var results = JsonLines(run.Output);
        results.Select(r => r.Name).ShouldBe(["append.single.1-writer", "append.single.2-writers", "append.bulk.2000", "events.bytes-per-event"]);
        // The ratio is the median of the alternating rounds' ratios (Interleaved), so it is near value / baseline, not equal to it.
        results.Take(3).ShouldAllBe(r => r.Value > 0 && r.Baseline > 0 && r.Ratio > 0);
        run.Error.ShouldContain("Objectifs atteints");
    }

    [Fact]
    public async Task Bad_options_are_refused_with_a_message()
    {
        var run = await Cli.RunAsync(server.ConnectionString, "bench", "national", "--scale", "2");
        run.ExitCode.ShouldNotBe(0);
        run.Error.ShouldContain("--scale");
    }

    [Fact]
    public void Targets_judge_a_figure_only_at_the_size_they_are_set_for()
    {
        var replay = new BenchmarkResult("projections.case-replay.p95", 3.2, "ms", 0.4, 8);
        var target = BenchmarkTargets.For(replay.Name).ShouldNotBeNull();
        target.IsMet(replay).ShouldBeTrue();
        target.AppliesAtScaleOf([replay, new("projections.events", 8_926, "events", null, null)]).ShouldBeFalse();
        target.AppliesAtScaleOf([replay, new("projections.events", 1_333_140, "events", null, null)]).ShouldBeTrue();
        target.IsMet(replay with { Value = 5.1 }).ShouldBeFalse();

        BenchmarkTargets.For("append.bulk.100000").ShouldNotBeNull().IsMet(new("append.bulk.100000", 70_000, "events/s", 100_000, 0.7)).ShouldBeTrue();
        BenchmarkTargets.For("http.step-command.8-clients").ShouldNotBeNull()
            .IsMet(new("http.step-command.8-clients", 1_600, "commands/s", 10_000, 0.16)).ShouldBeFalse();
        BenchmarkTargets.For("identities.save.70000").ShouldBeNull();
    }

    private static List<BenchmarkResult> JsonLines(string output) =>
    [
        .. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonSerializer.Deserialize<BenchmarkResult>(line, JsonSerializerOptions.Web)!),
    ];
}
