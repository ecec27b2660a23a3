using System.CommandLine;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Pathways;
using Parcours.Projections.Closing;
using Spectre.Console;
using static Parcours.Cli.Commands.ReadModelCommands;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours close-month --tenant 31 --month 2025-06</c> freezes a month's figures (see <see cref="MonthClosing"/>);
/// <c>parcours revisions --tenant 31 --month 2025-06</c> checks the closing's hash and lists what moved since.
/// </summary>
public static class ClosingCommands
{
    public static Command CloseMonth()
    {
        var (tenant, month, stateDir) = (Tenant(required: true), Month(), StateDirectory());
        var actor = new Option<string>("--actor")
        {
            Description = "Who closes the month (recorded with the closing). Default: cli:<user name>.",
            DefaultValueFactory = _ => $"cli:{Environment.UserName}",
        };
        var command = new Command("close-month", "Close a month: freeze its published figures with the log position and a content hash.")
        {
            tenant, month, actor, stateDir,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(stateDir), async (models, _) =>
        {
            try
            {
                var closing = await models.Closings.CloseMonthAsync(ParseTenant(parse.GetValue(tenant)!), ParseMonth(parse.GetValue(month)!), parse.GetValue(actor)!, ct);
                var figures = await models.Closings.PublishedAsync(closing.Tenant, closing.Month, ct);
                AnsiConsole.WriteLine(
                    $"Mois {closing.Month:yyyy-MM} du département {closing.Tenant} clos par {closing.ClosedBy} : {figures.Count.ToString("N0", French)} chiffres figés "
                    + $"à la position {closing.Position} du journal (calculés au {closing.EvaluatedOn:dd/MM/yyyy}).");
                AnsiConsole.WriteLine($"Empreinte SHA-256 : {closing.ContentHash}");
                return 0;
            }
            catch (ClosingException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Refusé :[/] {e.Message}");
                return 2;
            }
        }, ct));
        return command;
    }

    public static Command Revisions()
    {
        var (tenant, month, stateDir) = (Tenant(required: true), Month(), StateDirectory());
        var command = new Command("revisions", "Check a closed month's hash and list the figures that changed since, with their cases and events.")
        {
            tenant, month, stateDir,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(stateDir), async (models, _) =>
        {
            try
            {
                var (t, m) = (ParseTenant(parse.GetValue(tenant)!), ParseMonth(parse.GetValue(month)!));
                var verification = await models.Closings.VerifyClosingAsync(t, m, ct);
                var revisions = await models.Closings.RevisionsAsync(t, m, ct);
                var closing = revisions.Closing;
                AnsiConsole.WriteLine($"Clôture du {closing.ClosedAt.InZone(ParisCalendar.Zone):dd/MM/yyyy HH:mm} par {closing.ClosedBy}, position {closing.Position}.");
                if (verification.IsIntact) AnsiConsole.MarkupLine("Empreinte : [green]intacte[/].");
                else AnsiConsole.MarkupLineInterpolated($"Empreinte : [red]altérée[/] (enregistrée {closing.ContentHash}, recalculée {verification.RecomputedHash}).");
                if (revisions.Figures.Count == 0)
                {
                    AnsiConsole.WriteLine($"Aucune révision au {revisions.EvaluatedOn:dd/MM/yyyy} : les chiffres publiés tiennent toujours.");
                    return verification.IsIntact ? 0 : 1;
                }

                var table = new Table().Title($"Révisions du mois {m:yyyy-MM} au {revisions.EvaluatedOn:dd/MM/yyyy}")
                    .AddColumns("Indicateur", "Ventilation", "Publié", "Actuel", "Dossiers");
                foreach (var f in revisions.Figures)
                {
                    table.AddRow(Markup.Escape($"{f.DefinitionId} v{f.DefinitionVersion}"), Markup.Escape(Cell(f.Key)), Value(f.Published), Value(f.Current),
                        f.Cases.Count.ToString("N0", French));
                }
                AnsiConsole.Write(table);
                foreach (var c in revisions.Figures.SelectMany(f => f.Cases).DistinctBy(c => c.CaseId).Take(50))
                {
                    var events = c.Events.Count == 0
                        ? "aucun événement : le temps a passé (délai échu)"
                        : string.Join(", ", c.Events.Select(e => $"v{e.Version} {e.Type} du {e.BusinessDate:dd/MM/yyyy} enregistré le {e.RecordedAt.InZone(ParisCalendar.Zone):dd/MM/yyyy} par {e.RecordedBy}"));
                    AnsiConsole.WriteLine($"Dossier {c.CaseId.Value} : {events}");
                }
                return verification.IsIntact ? 0 : 1;
            }
            catch (ClosingException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Refusé :[/] {e.Message}");
                return 2;
            }
        }, ct));
        return command;
    }

    private static Option<string> Month() => new("--month") { Description = "The month, yyyy-MM (e.g. 2025-06).", Required = true };

    private static string Cell(CohortKey key) => key.Breakdown is { } b ? $"{b} = {key.Value ?? "(non renseigné)"}" : "ensemble";

    private static string Value(CohortFigures? f) =>
        f is null ? "—" : $"{f.Numerator.ToString("N0", French)} / {f.Denominator.ToString("N0", French)}"
                          + (f.Rate is { } r ? $" ({r.ToString("P1", French)})" : "") + (f.Pending > 0 ? $", {f.Pending} en attente" : "");
}
