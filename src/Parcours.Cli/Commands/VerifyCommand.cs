using System.CommandLine;
using Parcours.Application.Reporting.Exports;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours verify --tenant 31</c>: recomputes the hash chain of every case of a département with a progress bar,
/// lists the broken ones with their first bad version, and exits 1 if any is broken (0 if all are intact).
/// </summary>
public static class VerifyCommand
{
    public const int MaxListed = 50;

    public static Command Create()
    {
        var tenant = CliDatabase.TenantOption();
        var database = CliDatabase.DatabaseOption();
        var stateDir = CliDatabase.StateDirOption();
        var command = new Command("verify", "Check the hash chains of every case of a département (exit 1 if one is broken).")
        {
            tenant, database, stateDir,
        };
        command.SetAction((parse, ct) => CommandFailure.GuardAsync(async log =>
        {
            var code = CliDatabase.ParseTenant(parse.GetValue(tenant));
            await using var db = await CliDatabase.OpenAsync(parse.GetValue(stateDir), parse.GetValue(database), code, log, ct);
            var store = db.Models.Store;
            EventStore.VerificationReport? report = null;
            await log.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"Vérification des chaînes d'empreintes du département {code}");
                    report = await store.VerifyAsync(code, new Reporter(p =>
                    {
                        task.MaxValue = Math.Max(1, p.EventsTotal);
                        task.Value = p.EventsChecked;
                    }), cancellationToken: ct);
                    task.Value = task.MaxValue;
                });

            var console = AnsiConsole.Console;
            console.MarkupLine(
                $"Département {code} : {ReportFormat.Grouped(report!.StreamsChecked)} dossiers, {ReportFormat.Grouped(report.EventsChecked)} événements vérifiés ; "
                + (report.IsIntact ? "[green]toutes les chaînes sont intactes[/]." : (report.BrokenStreams.Count == 1 ? "[red]1 chaîne rompue[/]." : $"[red]{ReportFormat.Grouped(report.BrokenStreams.Count)} chaînes rompues[/].")));
            if (report.IsIntact) return 0;

            var table = new Table().AddColumns("Dossier", "Première version en cause", "Nature", "Constat");
            foreach (var broken in report.BrokenStreams.Take(MaxListed))
            {
                table.AddRow(
                    broken.StreamId.Value.ToString(),
                    broken.FirstBadVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    broken.Kind == EventStore.BreakKind.Altered ? "événement modifié" : "événement supprimé",
                    Markup.Escape(broken.Reason));
            }
            console.Write(table);
            if (report.BrokenStreams.Count > MaxListed)
                console.MarkupLineInterpolated($"… et {report.BrokenStreams.Count - MaxListed} autres.");
            return 1;
        }));
        return command;
    }

    /// <summary>Reports on the verifying thread (unlike <see cref="Progress{T}"/>, nothing arrives after the walk ends).</summary>
    private sealed class Reporter(Action<EventStore.VerificationProgress> report) : IProgress<EventStore.VerificationProgress>
    {
        public void Report(EventStore.VerificationProgress value) => report(value);
    }
}
