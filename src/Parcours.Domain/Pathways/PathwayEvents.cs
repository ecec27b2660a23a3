using NodaTime;

namespace Parcours.Domain.Pathways;

// The whole vocabulary of one allocataire's pathway stream (one stream per person, keyed by a pseudonymous
// CaseId). Events are past-tense facts. Each carries the business date it happened on (a LocalDate, in
// Europe/Paris); when it was recorded and by whom are the event store's metadata, never part of the event.
// No name, NIR, CAF number or address ever appears here: identities live in the identity store.
//
// Each event's stable name (the store's event type name, and the JSON discriminator of a correction's
// replacement) is in PathwayEventTypes. Renaming a CLR type is free; changing a stable name is a schema change.

/// <summary>A fact of one person's pathway.</summary>
public interface IPathwayEvent
{
    /// <summary>The day the fact happened (not the day it was recorded).</summary>
    LocalDate BusinessDate { get; }
}

/// <summary>A fact that can be the target of a correction or a retraction (every step but corrections themselves).</summary>
public interface IPathwayStep : IPathwayEvent;

/// <summary>How the département learned of an entry.</summary>
public enum EntrySource { CafFlux, Manual, Import }

/// <summary>Parcours d'orientation: professionnelle, socio-professionnelle, sociale.</summary>
public enum Track { Professional, SocioProfessional, Social }

/// <summary>How an orientation was decided.</summary>
public enum OrientationChannel { Automatic, Manager, Kiosk, MultidisciplinaryTeam }

/// <summary>Rendez-vous d'orientation (before/at orientation) or d'accompagnement (with the référent).</summary>
public enum AppointmentKind { Orientation, Accompaniment }

public enum AppointmentOutcome { Held, NoShow, Excused, Cancelled }

/// <summary>CER, PPAE, or the single contrat d'engagement (loi plein emploi, since 2025-01-01).</summary>
public enum ContractKind { Cer, Ppae, EngagementContract }

/// <summary>Why a person counts again as a new entrant.</summary>
public enum ReentryGround { AfterClosure, AfterLongSuspension }

/// <summary>
/// Entry into the RSA. The business date is <see cref="KnownOn"/>: the day the département learned of it
/// (for the CAF flux, the flux's reference date), which is the start of the CALPAE delays.
/// </summary>
/// <param name="Territory">Code of the territorial direction the person depends on (a breakdown key), if known.</param>
public sealed record RsaEntered(
    LocalDate ApplicationDate,
    LocalDate KnownOn,
    bool SubjectToRightsAndDuties,
    EntrySource Source,
    string? Territory) : IPathwayStep
{
    public LocalDate BusinessDate => KnownOn;
}

/// <summary>Re-entry after a closure of the right, or after a suspension of more than a year: a new entrant again.</summary>
public sealed record RsaReentered(
    LocalDate ApplicationDate,
    LocalDate KnownOn,
    bool SubjectToRightsAndDuties,
    EntrySource Source,
    string? Territory,
    ReentryGround Ground) : IPathwayStep
{
    public LocalDate BusinessDate => KnownOn;
}

/// <summary>The person became (or stopped being) soumis aux droits et devoirs.</summary>
public sealed record RightsAndDutiesChanged(LocalDate On, bool SubjectToRightsAndDuties) : IPathwayStep
{
    public LocalDate BusinessDate => On;
}

/// <summary>The right (or its payment) was suspended by the CAF.</summary>
public sealed record RightSuspended(LocalDate On, string? Reason) : IPathwayStep
{
    public LocalDate BusinessDate => On;
}

public sealed record RightResumed(LocalDate On) : IPathwayStep
{
    public LocalDate BusinessDate => On;
}

/// <summary>A diagnostic interview took place (before or after an orientation).</summary>
public sealed record DiagnosticCompleted(LocalDate On, string? Organisation) : IPathwayStep
{
    public LocalDate BusinessDate => On;
}

/// <summary>
/// An orientation decision. The business date is the decision date; <see cref="NotifiedOn"/> (the start of
/// the 2025 one-month contract delay) may be known at once or recorded later with <see cref="OrientationNotified"/>.
/// </summary>
public sealed record OrientationDecided(
    LocalDate DecidedOn,
    LocalDate? NotifiedOn,
    Track Track,
    string Organisation,
    string? Referent,
    OrientationChannel Channel) : IPathwayStep
{
    public LocalDate BusinessDate => DecidedOn;
}

/// <summary>The latest orientation (or réorientation) decision was notified to the person on <see cref="On"/>.</summary>
public sealed record OrientationNotified(LocalDate On) : IPathwayStep
{
    public LocalDate BusinessDate => On;
}

/// <summary>A new orientation decision after a first one: another track, organisation or référent.</summary>
public sealed record ReorientationDecided(
    LocalDate DecidedOn,
    LocalDate? NotifiedOn,
    Track Track,
    string Organisation,
    string? Referent,
    OrientationChannel Channel,
    string Reason) : IPathwayStep
{
    public LocalDate BusinessDate => DecidedOn;
}

/// <summary>
/// An appointment was fixed (booked). The business date is the day it was booked (<see cref="FixedOn"/>),
/// which the CALPAE "within 2 weeks" row uses; <see cref="ScheduledFor"/> is the day it takes place.
/// </summary>
/// <param name="AppointmentId">Chosen by whoever records it; outcomes refer to it.</param>
public sealed record AppointmentFixed(
    Guid AppointmentId,
    AppointmentKind Kind,
    LocalDate FixedOn,
    LocalDate ScheduledFor,
    string Organisation) : IPathwayStep
{
    public LocalDate BusinessDate => FixedOn;
}

/// <summary>What became of a fixed appointment. The business date is the day of the outcome (usually the appointment's day).</summary>
public sealed record AppointmentOutcomeRecorded(Guid AppointmentId, LocalDate On, AppointmentOutcome Outcome) : IPathwayStep
{
    public LocalDate BusinessDate => On;
}

/// <summary>A contract (CER, PPAE, contrat d'engagement) was signed on <see cref="SignedOn"/>.</summary>
public sealed record ContractSigned(
    ContractKind Kind,
    LocalDate SignedOn,
    LocalDate? ValidUntil,
    string Organisation) : IPathwayStep
{
    public LocalDate BusinessDate => SignedOn;
}

/// <summary>End of the accompaniment (not of the RSA): e.g. a "sortie positive" (job, training).</summary>
public sealed record AccompanimentExited(LocalDate On, string Reason, bool Positive) : IPathwayStep
{
    public LocalDate BusinessDate => On;
}

/// <summary>The right to the RSA was closed (CAF ETATDOSRSA 5 or 6).</summary>
public sealed record RsaExited(LocalDate On, string? CafClosureReason) : IPathwayStep
{
    public LocalDate BusinessDate => On;
}

/// <summary>
/// Corrects the step recorded at stream version <see cref="TargetVersion"/>: <see cref="Replacement"/> is that
/// step as it should have been (same event type). State and indicators use the replacement; history keeps both.
/// The business date of a correction is the day it was made.
/// </summary>
public sealed record StepCorrected(long TargetVersion, IPathwayStep Replacement, string Reason, LocalDate CorrectedOn) : IPathwayEvent
{
    public LocalDate BusinessDate => CorrectedOn;
}

/// <summary>Withdraws the step recorded at <see cref="TargetVersion"/> (recorded by mistake). History keeps it.</summary>
public sealed record StepRetracted(long TargetVersion, string Reason, LocalDate RetractedOn) : IPathwayEvent
{
    public LocalDate BusinessDate => RetractedOn;
}
