using Parcours.Domain.Pathways;

namespace Parcours.Server.Web;

/// <summary>The details of a recorded event in French, for the timelines (its name comes from <c>CaseHistory.LabelOf</c>).</summary>
public static class EventText
{
    public static string Details(IPathwayEvent pathwayEvent) => pathwayEvent switch
    {
        RsaEntered e => $"Demande du {Labels.Date(e.ApplicationDate)}, connue le {Labels.Date(e.KnownOn)} ; {Duties(e.SubjectToRightsAndDuties)} ; territoire {e.Territory ?? "non précisé"}",
        RsaReentered e => $"Demande du {Labels.Date(e.ApplicationDate)}, connue le {Labels.Date(e.KnownOn)} ; {Duties(e.SubjectToRightsAndDuties)} ; territoire {e.Territory ?? "non précisé"}",
        RightsAndDutiesChanged e => $"Le {Labels.Date(e.On)}",
        RightSuspended e => $"Le {Labels.Date(e.On)}{Reason(e.Reason)}",
        RightResumed e => $"Le {Labels.Date(e.On)}",
        DiagnosticCompleted e => $"Le {Labels.Date(e.On)}{(e.Organisation is null ? "" : $" par {e.Organisation}")}",
        OrientationDecided e => $"Parcours {Labels.Of(e.Track).ToLowerInvariant()} vers {e.Organisation}{Referent(e.Referent)} ; décidée le {Labels.Date(e.DecidedOn)} ({Labels.Of(e.Channel).ToLowerInvariant()}){Notified(e.NotifiedOn)}",
        ReorientationDecided e => $"Parcours {Labels.Of(e.Track).ToLowerInvariant()} vers {e.Organisation}{Referent(e.Referent)} ; décidée le {Labels.Date(e.DecidedOn)}{Notified(e.NotifiedOn)}{Reason(e.Reason)}",
        OrientationNotified e => $"Notifiée le {Labels.Date(e.On)}",
        AppointmentFixed e => $"{Labels.Of(e.Kind)} le {Labels.Date(e.ScheduledFor)} chez {e.Organisation}, fixé le {Labels.Date(e.FixedOn)}",
        AppointmentOutcomeRecorded e => $"{Labels.Of(e.Outcome)} le {Labels.Date(e.On)}",
        ContractSigned e => $"{Labels.Of(e.Kind)} signé le {Labels.Date(e.SignedOn)} avec {e.Organisation}{(e.ValidUntil is { } u ? $", valable jusqu'au {Labels.Date(u)}" : "")}",
        AccompanimentExited e => $"Le {Labels.Date(e.On)} ; sortie {(e.Positive ? "positive" : "non positive")}{Reason(e.Reason)}",
        RsaExited e => $"Fin de droit le {Labels.Date(e.On)}{Reason(e.CafClosureReason)}",
        StepCorrected e => $"Corrige la version {e.TargetVersion} : {Details(e.Replacement)}{Reason(e.Reason)}",
        StepRetracted e => $"Retire la version {e.TargetVersion}{Reason(e.Reason)}",
        _ => "",
    };

    private static string Duties(bool subject) => subject ? "soumis aux droits et devoirs" : "non soumis aux droits et devoirs";

    private static string Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? "" : $" ; motif : {reason}";

    private static string Referent(string? referent) => string.IsNullOrWhiteSpace(referent) ? "" : $" (référent {referent})";

    private static string Notified(NodaTime.LocalDate? notified) => notified is { } n ? $", notifiée le {Labels.Date(n)}" : "";
}
