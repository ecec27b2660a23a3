using NodaTime;

namespace Parcours.Domain.Pathways;

// What a user (or an importer) asks of one person's pathway. Commands are imperative and carry the facts as
// typed in; PathwayDecider turns them into events or refuses them. The stream (CaseId) is chosen at the edge,
// which loads the state before deciding. Strings are trimmed, and blank optional strings become null.

/// <summary>A request to change one pathway stream.</summary>
public interface IPathwayCommand;

/// <summary>A command that records one step: its event is built as typed, then checked by the decider.</summary>
public interface IStepCommand : IPathwayCommand
{
    IPathwayStep ToStep();
}

public sealed record EnterRsa(
    LocalDate ApplicationDate,
    LocalDate KnownOn,
    bool SubjectToRightsAndDuties,
    EntrySource Source,
    string? Territory) : IStepCommand
{
    public IPathwayStep ToStep() => new RsaEntered(ApplicationDate, KnownOn, SubjectToRightsAndDuties, Source, Territory);
}

public sealed record ReenterRsa(
    LocalDate ApplicationDate,
    LocalDate KnownOn,
    bool SubjectToRightsAndDuties,
    EntrySource Source,
    string? Territory,
    ReentryGround Ground) : IStepCommand
{
    public IPathwayStep ToStep() =>
        new RsaReentered(ApplicationDate, KnownOn, SubjectToRightsAndDuties, Source, Territory, Ground);
}

public sealed record ChangeRightsAndDuties(LocalDate On, bool SubjectToRightsAndDuties) : IStepCommand
{
    public IPathwayStep ToStep() => new RightsAndDutiesChanged(On, SubjectToRightsAndDuties);
}

public sealed record SuspendRight(LocalDate On, string? Reason) : IStepCommand
{
    public IPathwayStep ToStep() => new RightSuspended(On, Reason);
}

public sealed record ResumeRight(LocalDate On) : IStepCommand
{
    public IPathwayStep ToStep() => new RightResumed(On);
}

public sealed record CompleteDiagnostic(LocalDate On, string? Organisation) : IStepCommand
{
    public IPathwayStep ToStep() => new DiagnosticCompleted(On, Organisation);
}

public sealed record DecideOrientation(
    LocalDate DecidedOn,
    LocalDate? NotifiedOn,
    Track Track,
    string Organisation,
    string? Referent,
    OrientationChannel Channel) : IStepCommand
{
    public IPathwayStep ToStep() => new OrientationDecided(DecidedOn, NotifiedOn, Track, Organisation, Referent, Channel);
}

public sealed record NotifyOrientation(LocalDate On) : IStepCommand
{
    public IPathwayStep ToStep() => new OrientationNotified(On);
}

public sealed record DecideReorientation(
    LocalDate DecidedOn,
    LocalDate? NotifiedOn,
    Track Track,
    string Organisation,
    string? Referent,
    OrientationChannel Channel,
    string Reason) : IStepCommand
{
    public IPathwayStep ToStep() =>
        new ReorientationDecided(DecidedOn, NotifiedOn, Track, Organisation, Referent, Channel, Reason);
}

public sealed record FixAppointment(
    Guid AppointmentId,
    AppointmentKind Kind,
    LocalDate FixedOn,
    LocalDate ScheduledFor,
    string Organisation) : IStepCommand
{
    public IPathwayStep ToStep() => new AppointmentFixed(AppointmentId, Kind, FixedOn, ScheduledFor, Organisation);
}

public sealed record RecordAppointmentOutcome(Guid AppointmentId, LocalDate On, AppointmentOutcome Outcome) : IStepCommand
{
    public IPathwayStep ToStep() => new AppointmentOutcomeRecorded(AppointmentId, On, Outcome);
}

public sealed record SignContract(ContractKind Kind, LocalDate SignedOn, LocalDate? ValidUntil, string Organisation)
    : IStepCommand
{
    public IPathwayStep ToStep() => new ContractSigned(Kind, SignedOn, ValidUntil, Organisation);
}

public sealed record ExitAccompaniment(LocalDate On, string Reason, bool Positive) : IStepCommand
{
    public IPathwayStep ToStep() => new AccompanimentExited(On, Reason, Positive);
}

public sealed record ExitRsa(LocalDate On, string? CafClosureReason) : IStepCommand
{
    public IPathwayStep ToStep() => new RsaExited(On, CafClosureReason);
}

/// <summary>
/// Replaces the step recorded at <paramref name="TargetVersion"/> by <paramref name="Replacement"/> (same event
/// type). The correction is dated the day it is decided (today).
/// </summary>
public sealed record CorrectStep(long TargetVersion, IPathwayStep Replacement, string Reason) : IPathwayCommand;

/// <summary>Withdraws the step recorded at <paramref name="TargetVersion"/>, dated today.</summary>
public sealed record RetractStep(long TargetVersion, string Reason) : IPathwayCommand;
