using System.Globalization;
using Parcours.Benchmarks;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>The human summary of a benchmark run: every figure with its baseline and ratio, and the target it meets or misses.</summary>
public static class BenchmarkSummary
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static void Write(IAnsiConsole console, IReadOnlyList<BenchmarkResult> results)
    {
        if (console.Profile.Out.IsTerminal is false) console.Profile.Width = Math.Max(console.Profile.Width, 150);
        var table = new Table()
            .Title("Résumé des mesures (mêmes conditions pour Parcours et la référence brute)")
            .AddColumn(new TableColumn("Mesure").NoWrap())
            .AddColumns(new[] { "Valeur", "Unité", "Référence brute", "Ratio" }.Select(h => new TableColumn(h).RightAligned()).ToArray())
            .AddColumn("Objectif")
            .AddColumn("Atteint");
        foreach (var result in results)
        {
            var target = BenchmarkTargets.For(result.Name);
            table.AddRow(
                Markup.Escape(result.Name),
                result.Value.ToString("N1", French),
                Markup.Escape(result.Unit),
                result.Baseline is { } baseline ? baseline.ToString("N1", French) : "",
                result.Ratio is { } ratio ? ratio.ToString("N3", French) : "",
                Markup.Escape(target?.Goal ?? ""),
                target is null ? "" : !target.AppliesAtScaleOf(results) ? "n.a. (taille réduite)" : target.IsMet(result) ? "[green]oui[/]" : "[red]non[/]");
        }
        console.Write(table);
        var checkedTargets = results.Select(r => (Result: r, Target: BenchmarkTargets.For(r.Name))).Where(x => x.Target?.AppliesAtScaleOf(results) == true).ToList();
        console.MarkupLineInterpolated($"Objectifs atteints : {checkedTargets.Count(x => x.Target!.IsMet(x.Result))} sur {checkedTargets.Count}.");
    }
}
