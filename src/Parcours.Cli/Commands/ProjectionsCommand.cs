using System.CommandLine;
using Parcours.Projections.Indicators;
using Spectre.Console;
using static Parcours.Cli.Commands.ReadModelCommands;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours projections run</c>: the indicator projection daemon in the foreground until Ctrl+C (what the server
/// hosts; several may run, one works per tenant at a time). <c>parcours projections status</c>: checkpoint and lag per tenant.
/// </summary>
public static class ProjectionsCommand
{
    public static Command Create()
    {
        var projections = new Command("projections", "The asynchronous indicator projection: run its daemon, or show its lag.");
        projections.Add(Run());
        projections.Add(Status());
        return projections;
    }

    private static Command Run()
    {
        var stateDir = StateDirectory();
        var command = new Command("run", "Run the projection daemon for every tenant until Ctrl+C.") { stateDir };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(stateDir), async (models, _) =>
        {
            var caughtUp = false;
            Console.Error.WriteLine("Démon de projection démarré ; Ctrl+C pour l'arrêter.");
            await models.Daemon.RunAsync(new DaemonRunOptions
            {
                OnCaughtUp = () =>
                {
                    if (!caughtUp) Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} Tous les départements sont à jour ; en attente de nouveaux événements.");
                    caughtUp = true;
                },
                OnError = (e, delay) => Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} Erreur ({e.GetType().Name} : {e.Message}) ; reprise dans {delay.TotalSeconds:N0} s."),
            }, ct);
            Console.Error.WriteLine("Démon de projection arrêté.");
            return 0;
        }, ct));
        return command;
    }

    private static Command Status()
    {
        var stateDir = StateDirectory();
        var command = new Command("status", "Show the projection's checkpoint and lag per tenant.") { stateDir };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(stateDir), async (models, _) =>
        {
            var table = new Table().AddColumns("Département", "Point de reprise", "Événements en attente", "Dossiers à réévaluer", "Cohortes à recalculer", "État");
            foreach (var tenant in await models.Daemon.TenantsAsync(ct))
            {
                var lag = await models.Daemon.LagAsync(tenant, ct);
                table.AddRow(tenant.Code, lag.Checkpoint.ToString(), lag.EventsBehind.ToString("N0", French), lag.CasesDue.ToString("N0", French),
                    lag.DirtyCohorts.ToString("N0", French), lag.IsUpToDate ? "[green]à jour[/]" : "[yellow]en retard[/]");
            }
            AnsiConsole.Write(table);
            return 0;
        }, ct));
        return command;
    }
}
