using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Parcours.Application;
using Parcours.Application.Cases;
using Parcours.Application.Reporting.Exports;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.TimeTravel;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours replay --tenant 31 --case ID [--version N | --at INSTANT | --on DATE]</c>: one case's history for an
/// auditor (business date, recorded instant, actor, correction links, hash chain), then its state at a point
/// (a version, what was recorded at an instant, or its pathway on a business date), replayed from the log.
/// </summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var tenant = CliDatabase.TenantOption();
        var caseId = new Option<string>("--case") { Description = "Pseudonymous identifier of the case (a UUID).", Required = true };
        var version = new Option<long?>("--version") { Description = "State after the case's first N events." };
        var at = new Option<string?>("--at") { Description = "State as recorded at this instant, ISO 8601 in UTC (e.g. 2025-03-01T00:00:00Z)." };
        var on = new Option<string?>("--on") { Description = "Pathway on this business date as known now (yyyy-MM-dd or dd/MM/yyyy)." };
        var database = CliDatabase.DatabaseOption();
        var stateDir = CliDatabase.StateDirOption();
        var command = new Command("replay", "One case's history (dates, recording, actors, corrections) and its state at a point.")
        {
            tenant, caseId, version, at, on, database, stateDir,
        };
        command.SetAction((parse, ct) => CommandFailure.GuardAsync(async log =>
        {
            var code = CliDatabase.ParseTenant(parse.GetValue(tenant));
            var id = Guid.TryParse(parse.GetValue(caseId), out var guid)
                ? new CaseId(guid)
                : throw new CommandFailure($"--case : « {parse.GetValue(caseId)} » n'est pas un identifiant de dossier (UUID).");
            var point = Point(parse.GetValue(version), parse.GetValue(at), parse.GetValue(on));

            await using var db = await CliDatabase.OpenAsync(parse.GetValue(stateDir), parse.GetValue(database), code, log, ct);
            var store = db.Models.Store;
            var events = (await store.ReadStreamAsync(code, new StreamId(id.Value), cancellationToken: ct)).Select(PathwayEventStore.ToRecorded).ToList();
            if (events.Count == 0) throw new CommandFailure($"Aucun dossier {id.Value} dans le département {code}.");
            if (point is CasePoint.AtVersion v && (v.Version < 1 || v.Version > events.Count))
                throw new CommandFailure($"--version : le dossier compte {events.Count} événements ; choisissez entre 1 et {events.Count}.");
            var chain = await store.VerifyAsync(code, new StreamId(id.Value), ct);

            var console = AnsiConsole.Console;
            WriteHistory(console, id, CaseHistory.Of(events), point);
            console.MarkupLine(chain.IsIntact
                ? "Chaîne d'empreintes : [green]intacte[/]."
                : $"Chaîne d'empreintes : [red]rompue à la version {chain.BrokenStreams[0].FirstBadVersion}[/] ({Markup.Escape(chain.BrokenStreams[0].Reason)}).");
            var state = await db.Models.Cases.StateAsync(code, id, point ?? new CasePoint.AtVersion(events.Count), ct);
            WriteState(console, state, point);
            return chain.IsIntact ? 0 : 1;
        }));
        return command;
    }

    private static CasePoint? Point(long? version, string? at, string? on)
    {
        var given = (version is null ? 0 : 1) + (at is null ? 0 : 1) + (on is null ? 0 : 1);
        if (given > 1) throw new CommandFailure("Choisissez un seul point : --version, --at ou --on.");
        if (version is { } v) return new CasePoint.AtVersion(v);
        if (at is not null)
        {
            return InstantPattern.ExtendedIso.Parse(at) is { Success: true } instant
                ? new CasePoint.RecordedAt(instant.Value)
                : throw new CommandFailure($"--at : « {at} » n'est pas un instant ISO 8601 en UTC (par exemple 2025-03-01T00:00:00Z).");
        }
        if (on is not null)
        {
            return LocalDatePattern.Iso.Parse(on) is { Success: true } iso ? new CasePoint.OnBusinessDate(iso.Value)
                : FrenchDate.Parse(on) is { Success: true } french ? new CasePoint.OnBusinessDate(french.Value)
                : throw new CommandFailure($"--on : « {on} » n'est pas une date (aaaa-mm-jj ou jj/mm/aaaa).");
        }
        return null;
    }

    private static readonly LocalDatePattern FrenchDate = LocalDatePattern.Create("dd/MM/uuuu", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Json = PathwayEventStore.CreateJsonOptions();

    private static void WriteHistory(IAnsiConsole console, CaseId id, IReadOnlyList<CaseHistoryEntry> history, CasePoint? point)
    {
        var table = new Table()
            .Title($"Historique du dossier {id.Value}")
            .AddColumns("Version", "Événement", "Date métier", "Enregistré le", "Par", "Liens", "Détail");
        foreach (var e in history)
        {
            // Events outside the point are greyed: the state below does not include them.
            var grey = !Inside(e, point);
            string Cell(string text) => grey ? $"[grey]{Markup.Escape(text)}[/]" : Markup.Escape(text);
            table.AddRow(
                Cell(e.Version.ToString(CultureInfo.InvariantCulture)),
                Cell(e.Label),
                Cell(ReportFormat.Date(e.BusinessDate)),
                Cell(ReportFormat.ParisDateTime(e.RecordedAt)),
                Cell(e.RecordedBy),
                Cell(Links(e)),
                Cell(Detail(e)));
        }
        console.Write(table);
    }

    /// <summary>Whether an event is part of what the point looks at (those outside are greyed).</summary>
    private static bool Inside(CaseHistoryEntry e, CasePoint? point) => point switch
    {
        CasePoint.AtVersion v => e.Version <= v.Version,
        CasePoint.RecordedAt r => e.RecordedAt <= r.Instant,
        CasePoint.OnBusinessDate d => e.BusinessDate <= d.Date,
        _ => true,
    };

    private static string Links(CaseHistoryEntry e)
    {
        var links = new List<string>();
        if (e.Corrects is { } c) links.Add($"corrige v{c}");
        if (e.Retracts is { } r) links.Add($"retire v{r}");
        if (e.CorrectedBy.Count > 0) links.Add($"corrigé par {string.Join(", ", e.CorrectedBy.Select(v => $"v{v}"))}");
        if (e.RetractedBy is { } by) links.Add($"retiré par v{by}");
        return string.Join(" ; ", links);
    }

    private static string Detail(CaseHistoryEntry e) =>
        (e.Reason is { } reason ? $"motif : {reason} ; " : "") + JsonSerializer.Serialize(e.Event, e.Event.GetType(), Json);

    private static void WriteState(IAnsiConsole console, PathwayState state, CasePoint? point)
    {
        var where = point switch
        {
            CasePoint.AtVersion v => $"après l'événement {v.Version}",
            CasePoint.RecordedAt r => $"tel qu'enregistré au {ReportFormat.ParisDateTime(r.Instant)}",
            CasePoint.OnBusinessDate d => $"au {ReportFormat.Date(d.Date)}, tel que connu aujourd'hui",
            _ => "aujourd'hui",
        };
        console.MarkupLineInterpolated($"[bold]État du dossier {where}[/] : phase {PhaseLabel(state.Phase)}, {state.Steps.Count} étapes en vigueur, version {state.Version}.");
        foreach (var episode in state.Episodes)
        {
            var orientation = episode.CurrentOrientation is { } o
                ? $"orienté le {ReportFormat.Date(o.DecidedOn)} ({o.Track}, {o.Organisation})"
                : "pas encore orienté";
            var contract = episode.Contracts.IsEmpty ? "aucun contrat" : $"contrat {episode.Contracts[^1].Kind} signé le {ReportFormat.Date(episode.Contracts[^1].SignedOn)}";
            console.MarkupLineInterpolated(
                $"  Épisode {episode.Number} : entré le {ReportFormat.Date(episode.EntryDate)}, {orientation}, {episode.Appointments.Count} rendez-vous, {contract}, phase {PhaseLabel(episode.Phase)}.");
        }
    }

    private static string PhaseLabel(PathwayPhase phase) => phase switch
    {
        PathwayPhase.NotStarted => "pas commencé",
        PathwayPhase.AwaitingOrientation => "en attente d'orientation",
        PathwayPhase.Oriented => "orienté",
        PathwayPhase.InAccompaniment => "en accompagnement",
        PathwayPhase.Suspended => "suspendu",
        PathwayPhase.Exited => "sorti",
        _ => phase.ToString(),
    };
}
