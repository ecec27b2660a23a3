using System.Globalization;
using NodaTime;

namespace Parcours.Domain.Pathways;

/// <summary>
/// Every reason the decider can give, with its stable code and its French message. Codes are part of the public
/// contract (UI, problem details, tests): add new ones, never reuse one for another meaning.
/// </summary>
public static class PathwayRejections
{
    // Values of the step itself.
    public static Rejection Required(string field, string label) =>
        new($"{field}.required", $"Le champ « {label} » est obligatoire.");

    public static Rejection ApplicationAfterKnown(LocalDate application, LocalDate known) =>
        new("entry.application-after-known",
            $"La date de demande ({Fr(application)}) ne peut pas être postérieure à la date de connaissance ({Fr(known)}).");

    public static Rejection ScheduledBeforeFixed(LocalDate fixedOn, LocalDate scheduledFor) =>
        new("appointment.scheduled-before-fixed",
            $"Le rendez-vous ne peut pas avoir lieu ({Fr(scheduledFor)}) avant le jour où il a été fixé ({Fr(fixedOn)}).");

    public static Rejection ValidUntilNotAfterSignature(LocalDate signedOn, LocalDate validUntil) =>
        new("contract.valid-until-not-after-signature",
            $"La fin de validité du contrat ({Fr(validUntil)}) doit être postérieure à sa signature ({Fr(signedOn)}).");

    public static Rejection EngagementContractBeforeLaw(LocalDate signedOn) =>
        new("contract.engagement-before-2025",
            $"Le contrat d'engagement n'existe que depuis le 01/01/2025 (signature indiquée : {Fr(signedOn)}) ; choisissez CER ou PPAE.");

    public static Rejection NotificationBeforeDecision(LocalDate decidedOn, LocalDate notifiedOn) =>
        new("notification.before-decision",
            $"La notification ({Fr(notifiedOn)}) ne peut pas précéder la décision d'orientation ({Fr(decidedOn)}).");

    // Dates against today and the episode.
    public static Rejection FutureDate(LocalDate date, LocalDate today) =>
        new("date.future", $"La date {Fr(date)} est dans le futur (nous sommes le {Fr(today)}).");

    public static Rejection BeforeEntry(LocalDate date, LocalDate entryDate) =>
        new("date.before-entry",
            $"La date {Fr(date)} précède l'entrée dans le RSA de l'épisode en cours ({Fr(entryDate)}).");

    // Entry, re-entry, exit.
    public static Rejection EntryRequired() =>
        new("entry.required", "Aucune entrée dans le RSA n'est enregistrée pour ce dossier : enregistrez d'abord l'entrée.");

    public static Rejection AlreadyEntered(LocalDate entryDate) =>
        new("entry.already-entered",
            $"Ce dossier a déjà une entrée dans le RSA ({Fr(entryDate)}). Après une clôture ou une suspension de plus d'un an, enregistrez une réentrée.");

    public static Rejection NoPreviousEntry() =>
        new("reentry.no-previous-entry", "Une réentrée suppose une entrée antérieure : enregistrez une entrée.");

    public static Rejection CaseOpen() =>
        new("reentry.case-open",
            "Le droit est ouvert et non suspendu : une réentrée n'est possible qu'après une clôture ou une suspension de plus d'un an.");

    public static Rejection GroundMismatch(ReentryGround expected) =>
        new("reentry.ground-mismatch", expected == ReentryGround.AfterClosure
            ? "Le droit a été clos : le motif de la réentrée est « après clôture »."
            : "Le droit est suspendu, non clos : le motif de la réentrée est « après une suspension de plus d'un an ».");

    public static Rejection SuspensionTooShort(LocalDate suspendedSince, LocalDate knownOn) =>
        new("reentry.suspension-too-short",
            $"La suspension date du {Fr(suspendedSince)} : au {Fr(knownOn)}, elle ne dure pas depuis plus d'un an.");

    public static Rejection ReentryBeforeExit(LocalDate exitOn, LocalDate knownOn) =>
        new("reentry.before-exit",
            $"La réentrée ({Fr(knownOn)}) ne peut pas précéder la clôture du droit ({Fr(exitOn)}).");

    public static Rejection RsaExited(LocalDate exitOn) =>
        new("rsa.exited",
            $"Le droit au RSA a été clos le {Fr(exitOn)} : aucune étape postérieure n'est possible avant une réentrée.");

    public static Rejection RsaAlreadyExited(LocalDate exitOn) =>
        new("rsa.already-exited", $"La sortie du RSA est déjà enregistrée ({Fr(exitOn)}) ; pour changer sa date, corrigez-la.");

    // Suspension.
    public static Rejection AlreadySuspended(LocalDate since) =>
        new("suspension.already-suspended", $"Le droit est déjà suspendu depuis le {Fr(since)}.");

    public static Rejection NotSuspended() =>
        new("suspension.not-suspended", "Le droit n'est pas suspendu : il n'y a rien à reprendre.");

    public static Rejection ResumptionBeforeSuspension(LocalDate since, LocalDate on) =>
        new("resumption.before-suspension",
            $"La reprise ({Fr(on)}) ne peut pas précéder la suspension ({Fr(since)}).");

    // Orientation.
    public static Rejection OrientationRequired() =>
        new("orientation.required",
            "Aucune orientation n'est enregistrée pour l'épisode en cours : enregistrez d'abord la décision d'orientation.");

    public static Rejection AlreadyOriented(LocalDate decidedOn) =>
        new("orientation.already-decided",
            $"Une orientation a déjà été décidée le {Fr(decidedOn)} : enregistrez une réorientation, ou corrigez l'orientation.");

    public static Rejection AlreadyNotified(LocalDate notifiedOn) =>
        new("orientation.already-notified",
            $"La décision d'orientation a déjà été notifiée le {Fr(notifiedOn)} ; pour changer cette date, corrigez l'étape.");

    public static Rejection ReorientationBeforeOrientation(LocalDate currentDecidedOn, LocalDate decidedOn) =>
        new("reorientation.before-orientation",
            $"La réorientation ({Fr(decidedOn)}) ne peut pas précéder l'orientation en vigueur ({Fr(currentDecidedOn)}).");

    public static Rejection ReorientationWithoutChange() =>
        new("reorientation.no-change",
            "La réorientation doit changer le parcours, l'organisme référent ou le référent.");

    public static Rejection BeforeOrientation(string code, string what, LocalDate date, LocalDate orientedOn) =>
        new(code, $"{what} ({Fr(date)}) ne peut pas précéder la première orientation de l'épisode ({Fr(orientedOn)}).");

    // Appointments.
    public static Rejection AppointmentIdTaken(Guid id) =>
        new("appointment.id-taken", $"Un autre rendez-vous porte déjà l'identifiant {id}.");

    public static Rejection UnknownAppointment(Guid id) =>
        new("appointment.unknown", $"Aucun rendez-vous {id} n'a été fixé dans l'épisode en cours de ce dossier.");

    public static Rejection OutcomeAlreadyRecorded(AppointmentOutcome outcome, long version) =>
        new("appointment.outcome-already-recorded",
            $"L'issue de ce rendez-vous est déjà enregistrée ({Label(outcome)}) : corrigez l'étape n° {version}.");

    public static Rejection OutcomeBeforeFixed(LocalDate fixedOn, LocalDate on) =>
        new("appointment.outcome-before-fixed",
            $"L'issue ({Fr(on)}) ne peut pas précéder le jour où le rendez-vous a été fixé ({Fr(fixedOn)}).");

    public static Rejection OutcomeBeforeScheduled(LocalDate scheduledFor, LocalDate on) =>
        new("appointment.outcome-before-scheduled",
            $"Un rendez-vous prévu le {Fr(scheduledFor)} ne peut pas avoir été honoré ou manqué le {Fr(on)}.");

    // Corrections and retractions.
    public static Rejection UnknownTarget(string prefix, long version) =>
        new($"{prefix}.target-unknown", $"Aucune étape n'a été enregistrée sous le n° {version}.");

    public static Rejection TargetNotAStep(string prefix, long version) =>
        new($"{prefix}.target-not-a-step",
            $"L'événement n° {version} est une correction ou un retrait : visez l'étape d'origine.");

    public static Rejection TargetRetracted(string prefix, long version) =>
        new($"{prefix}.target-retracted", $"L'étape n° {version} a été retirée.");

    public static Rejection TypeMismatch(long version) =>
        new("correction.type-mismatch",
            $"La correction de l'étape n° {version} doit être du même type que l'étape d'origine.");

    public static Rejection Inconsistent(string prefix, long brokenVersion, Rejection cause) =>
        new($"{prefix}.inconsistent",
            $"L'historique ainsi modifié serait incohérent à l'étape n° {brokenVersion} : {cause.Message}", cause);

    private static string Fr(LocalDate date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Label(AppointmentOutcome outcome) => outcome switch
    {
        AppointmentOutcome.Held => "honoré",
        AppointmentOutcome.NoShow => "absence",
        AppointmentOutcome.Excused => "excusé",
        AppointmentOutcome.Cancelled => "annulé",
        _ => outcome.ToString(),
    };
}
