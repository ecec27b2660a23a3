using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Cases;

/// <summary>
/// One event of a case's history as an auditor reads it: when it happened and when it was recorded, by whom, and how
/// corrections and retractions link events together (in both directions).
/// </summary>
/// <param name="Type">The event's stable name ("orientation-decided").</param>
/// <param name="Label">Its French name ("Orientation").</param>
/// <param name="Corrects">For a correction: the version it corrects.</param>
/// <param name="Retracts">For a retraction: the version it withdraws.</param>
/// <param name="CorrectedBy">The versions of the corrections of this event, in order (the last one is in force).</param>
/// <param name="RetractedBy">The version of the retraction of this event, if withdrawn.</param>
/// <param name="Reason">The reason given for a correction or retraction.</param>
public sealed record CaseHistoryEntry(
    long Version,
    string Type,
    string Label,
    LocalDate BusinessDate,
    Instant RecordedAt,
    string RecordedBy,
    long? Corrects,
    long? Retracts,
    IReadOnlyList<long> CorrectedBy,
    long? RetractedBy,
    string? Reason,
    IPathwayEvent Event);

/// <summary>Builds a case's history, with its correction links, from its recorded events.</summary>
public static class CaseHistory
{
    public static IReadOnlyList<CaseHistoryEntry> Of(IReadOnlyList<RecordedPathwayEvent> events)
    {
        var corrections = events.Where(e => e.Event is StepCorrected).ToLookup(e => ((StepCorrected)e.Event).TargetVersion, e => e.Version);
        var retractions = events.Where(e => e.Event is StepRetracted).ToDictionary(e => ((StepRetracted)e.Event).TargetVersion, e => e.Version);
        return
        [
            .. events.OrderBy(e => e.Version).Select(e => new CaseHistoryEntry(
                e.Version,
                PathwayEventTypes.NameOf(e.Event.GetType()),
                LabelOf(e.Event),
                e.Event.BusinessDate,
                e.RecordedAt,
                e.RecordedBy,
                (e.Event as StepCorrected)?.TargetVersion,
                (e.Event as StepRetracted)?.TargetVersion,
                [.. corrections[e.Version]],
                retractions.TryGetValue(e.Version, out var by) ? by : null,
                e.Event switch { StepCorrected c => c.Reason, StepRetracted r => r.Reason, _ => null },
                e.Event)),
        ];
    }

    /// <summary>The French name of an event (a correction names the step it carries).</summary>
    public static string LabelOf(IPathwayEvent pathwayEvent) => pathwayEvent switch
    {
        RsaEntered => "Entrée dans le RSA",
        RsaReentered => "Réentrée dans le RSA",
        RightsAndDutiesChanged c => c.SubjectToRightsAndDuties ? "Soumis aux droits et devoirs" : "Plus soumis aux droits et devoirs",
        RightSuspended => "Suspension du droit",
        RightResumed => "Reprise du droit",
        DiagnosticCompleted => "Diagnostic",
        OrientationDecided => "Orientation",
        OrientationNotified => "Notification de l'orientation",
        ReorientationDecided => "Réorientation",
        AppointmentFixed => "Rendez-vous fixé",
        AppointmentOutcomeRecorded => "Issue du rendez-vous",
        ContractSigned => "Signature du contrat",
        AccompanimentExited => "Sortie d'accompagnement",
        RsaExited => "Sortie du RSA",
        StepCorrected c => $"Correction ({LabelOf(c.Replacement)})",
        StepRetracted => "Retrait",
        _ => pathwayEvent.GetType().Name,
    };
}
