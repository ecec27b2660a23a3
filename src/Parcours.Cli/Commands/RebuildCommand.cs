using System.CommandLine;
using Parcours.Projections.Rebuild;
using Spectre.Console;
using static Parcours.Cli.Commands.ReadModelCommands;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours rebuild [--tenant X]…</c>: recomputes every read model from the log into new tables and swaps them in
/// (see <see cref="ProjectionRebuild"/>), with a progress bar. Appends may go on meanwhile.
/// </summary>
public static class RebuildCommand
{
    public static Command Create()
    {
        var tenant = new Option<string[]>("--tenant")
        {
            Description = "Rebuild only this tenant (département code; repeat the option for several, rebuilt in one pass; their rows are replaced); default: every tenant (tables swapped).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var stateDir = StateDirectory();
        var command = new Command("rebuild", "Recompute the read models (case summaries, indicators) from the log and swap them in.") { tenant, stateDir };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(stateDir), async (models, _) =>
        {
            var only = parse.GetValue(tenant) is { Length: > 0 } codes ? codes.Select(ParseTenant).Distinct().ToList() : null;
            RebuildResult? result = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(only switch
                    {
                        null => "Reconstruction des vues",
                        [var one] => $"Reconstruction des vues du département {one}",
                        _ => $"Reconstruction des vues des départements {string.Join(", ", only)}",
                    }, maxValue: 1);
                    result = await models.Rebuild.RunAsync(only, new Progress<RebuildProgress>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.EventsTotal);
                        task.Value = p.EventsDone;
                    }), ct);
                    task.Value = task.MaxValue;
                });
            AnsiConsole.WriteLine(
                $"{result!.Events.ToString("N0", French)} événements de {result.Streams.ToString("N0", French)} dossiers relus en {result.Elapsed.TotalSeconds.ToString("N1", French)} s "
                + $"({result.EventsPerSecond.ToString("N0", French)} év./s) ; {result.StreamsCaughtUp.ToString("N0", French)} dossiers modifiés pendant la reconstruction repris à la bascule.");
            Console.Error.WriteLine("Durées par étape (s) : " + string.Join(", ", result.Stages.Select(s => $"{s.Key} {s.Value.ToString("N2", French)}")));
            return 0;
        }, ct));
        return command;
    }
}
