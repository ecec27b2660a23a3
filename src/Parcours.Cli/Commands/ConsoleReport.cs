using Parcours.Application.Reporting.Exports;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Projections.Indicators;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>What the demo and <c>parcours report</c> share on screen: the report's tables, and the projection's catch-up.</summary>
public static class ConsoleReport
{
    /// <summary>One table per definition set, in French, with the provisional rows marked.</summary>
    public static void Write(IAnsiConsole console, IndicatorReport report)
    {
        foreach (var set in report.Tables)
        {
            var title = $"{set.Set.Title} — {report.Departement} — cohorte de {ReportFormat.MonthName(report.Month)}";
            // Narrow enough for an 80-column terminal: the median and the pending count are in the CSV and XLSX.
            var table = new Table()
                .Title(Markup.Escape(title))
                .Caption(Markup.Escape(Caption(report)))
                .AddColumn("Indicateur")
                .AddColumns(new[] { "Nombre", "Dénom.", "Taux", "Moy. (j)", "Statut" }.Select(h => new TableColumn(h).RightAligned().NoWrap()).ToArray());
            foreach (var row in set.Rows)
            {
                table.AddRow(
                    Markup.Escape(row.Row is { } number ? $"{number}. {row.Label}" : row.Label),
                    row.ShowsCount && row.Numerator is { } n ? ReportFormat.Grouped(n) : "",
                    row.ShowsRate && row.Denominator is { } d ? ReportFormat.Grouped(d) : "",
                    row.ShowsRate ? row.Rate is { } r ? r.ToString("P1", ReportFormat.French) : "n.c." : "",
                    row.ShowsMeanDelay ? row.MeanDelayDays is { } m ? m.ToString("N1", ReportFormat.French) : "n.c." : "",
                    row.Provisional ? "[yellow]provisoire *[/]" : "définitif");
            }
            console.Write(table);
        }
        if (report.Tables.Any(t => t.AnyProvisional))
            console.MarkupLine("[yellow]*[/] provisoire : le chiffre peut encore changer (délais en cours, ou mois de cohorte non terminé). n.c. : non calculable.");
    }

    private static string Caption(IndicatorReport report) =>
        (report.AsKnownAt is { } at ? $"Connu au {ReportFormat.ParisDateTime(at)} (heure de Paris). " : "")
        + $"Calculé le {ReportFormat.ParisDateTime(report.ComputedAt)}.";

    /// <summary>Catches the indicator projection of a tenant up with a progress bar (the demo, and reports "as known now").</summary>
    public static async Task CatchUpAsync(IAnsiConsole console, ReadModels models, TenantId tenant, CancellationToken ct)
    {
        var lag = await models.Daemon.LagAsync(tenant, ct);
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Calcul des indicateurs (projection asynchrone)", maxValue: Math.Max(1, lag.EventsBehind));
                while (await models.Daemon.StepAsync(tenant, ct) is not (DaemonStep.Idle or DaemonStep.Busy))
                {
                    task.Value = lag.EventsBehind - (await models.Daemon.LagAsync(tenant, ct)).EventsBehind;
                }
                task.Value = task.MaxValue;
            });
    }
}
