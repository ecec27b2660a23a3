using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parcours.Domain.Pathways;
using Parcours.Server.Auth;

namespace Parcours.Server.Features.Cases.Recording;

/// <summary>
/// Creating a case (its entry into the RSA) and recording each later step: one POST per step under
/// <c>/cases/{caseId}/…</c>, managers only. Every one goes through <see cref="CaseRecorder"/>.
/// </summary>
public static class StepEndpoints
{
    /// <summary>The body of each step, by the event it records: what a correction of that event carries.</summary>
    public static IReadOnlyDictionary<Type, Type> RequestByEvent { get; } = new Dictionary<Type, Type>
    {
        [typeof(RsaEntered)] = typeof(EntryRequest),
        [typeof(RsaReentered)] = typeof(ReentryRequest),
        [typeof(RightsAndDutiesChanged)] = typeof(RightsAndDutiesRequest),
        [typeof(RightSuspended)] = typeof(SuspensionRequest),
        [typeof(RightResumed)] = typeof(ResumptionRequest),
        [typeof(DiagnosticCompleted)] = typeof(DiagnosticRequest),
        [typeof(OrientationDecided)] = typeof(OrientationRequest),
        [typeof(OrientationNotified)] = typeof(NotificationRequest),
        [typeof(ReorientationDecided)] = typeof(ReorientationRequest),
        [typeof(AppointmentFixed)] = typeof(AppointmentRequest),
        [typeof(AppointmentOutcomeRecorded)] = typeof(AppointmentOutcomeRequest),
        [typeof(ContractSigned)] = typeof(ContractRequest),
        [typeof(AccompanimentExited)] = typeof(AccompanimentExitRequest),
        [typeof(RsaExited)] = typeof(RsaExitRequest),
    };

    public static RouteGroupBuilder MapStepEndpoints(this RouteGroupBuilder departement)
    {
        departement.MapPost("/cases", (string dep, EntryRequest body, HttpContext http, CaseRecorder recorder) =>
                recorder.RecordAsync(http, dep, body.CaseId is { } id && id != Guid.Empty ? new CaseId(id) : null, creating: true,
                    (_, fields) => body.ToCommand(fields)))
            .WithName("CreateCase").WithSummary("Créer un dossier : entrée dans le RSA").RequireRoles(ParcoursRoles.Manager);

        var steps = departement.MapGroup("/cases/{caseId:guid}");
        Map<ReentryRequest>(steps, "reentries", "RecordReentry", "Réentrée dans le RSA");
        Map<RightsAndDutiesRequest>(steps, "rights-and-duties", "ChangeRightsAndDuties", "Changement de soumission aux droits et devoirs");
        Map<SuspensionRequest>(steps, "suspensions", "SuspendRight", "Suspension du droit");
        Map<ResumptionRequest>(steps, "resumptions", "ResumeRight", "Reprise du droit");
        Map<DiagnosticRequest>(steps, "diagnostics", "CompleteDiagnostic", "Diagnostic réalisé");
        Map<OrientationRequest>(steps, "orientations", "DecideOrientation", "Décision d'orientation");
        Map<NotificationRequest>(steps, "orientation-notifications", "NotifyOrientation", "Notification de la décision d'orientation");
        Map<ReorientationRequest>(steps, "reorientations", "DecideReorientation", "Décision de réorientation");
        Map<AppointmentRequest>(steps, "appointments", "FixAppointment", "Rendez-vous fixé");
        Map<AppointmentOutcomeRequest>(steps, "appointment-outcomes", "RecordAppointmentOutcome", "Issue d'un rendez-vous");
        Map<ContractRequest>(steps, "contracts", "SignContract", "Signature d'un contrat (CER, PPAE, contrat d'engagement)");
        Map<AccompanimentExitRequest>(steps, "accompaniment-exits", "ExitAccompaniment", "Sortie de l'accompagnement");
        Map<RsaExitRequest>(steps, "rsa-exits", "ExitRsa", "Sortie du RSA (clôture du droit)");
        return departement;
    }

    private static void Map<TRequest>(RouteGroupBuilder steps, string route, string name, string summary) where TRequest : IStepRequest =>
        steps.MapPost("/" + route, (string dep, Guid caseId, TRequest body, HttpContext http, CaseRecorder recorder) =>
                recorder.RecordAsync(http, dep, new CaseId(caseId), creating: false, (_, fields) => body.ToCommand(fields)))
            .WithName(name).WithSummary(summary).RequireRoles(ParcoursRoles.Manager);
}
