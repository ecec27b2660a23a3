using Parcours.Domain.Pathways;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Cases.Recording;

// The bodies of the step endpoints, one per step of the pathway. Dates are ISO text (AAAA-MM-JJ) and enums their
// names, read by RequestFields so that a bad value is named in a 400 answer; the decider then checks the rules (422).
// A correction carries the same body as the step it corrects (see Correcting/CorrectionRequest).

/// <summary>A request body that becomes one pathway step command.</summary>
public interface IStepRequest
{
    IStepCommand ToCommand(RequestFields fields);
}

/// <summary>Entrée dans le RSA. <c>caseId</c> may be chosen by the client (an import key), else the server draws one.</summary>
public sealed record EntryRequest(
    Guid? CaseId, string? ApplicationDate, string? KnownOn, bool? SubjectToRightsAndDuties, string? Source, string? Territory) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new EnterRsa(
        f.Date("applicationDate", ApplicationDate), f.Date("knownOn", KnownOn), f.Bool("subjectToRightsAndDuties", SubjectToRightsAndDuties),
        f.Enum<EntrySource>("source", Source, EntrySource.Manual), Territory);
}

/// <summary>Réentrée après une clôture ou une suspension de plus d'un an.</summary>
public sealed record ReentryRequest(
    string? ApplicationDate, string? KnownOn, bool? SubjectToRightsAndDuties, string? Source, string? Territory, string? Ground) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new ReenterRsa(
        f.Date("applicationDate", ApplicationDate), f.Date("knownOn", KnownOn), f.Bool("subjectToRightsAndDuties", SubjectToRightsAndDuties),
        f.Enum<EntrySource>("source", Source, EntrySource.Manual), Territory, f.Enum<ReentryGround>("ground", Ground));
}

/// <summary>Changement de la soumission aux droits et devoirs.</summary>
public sealed record RightsAndDutiesRequest(string? On, bool? SubjectToRightsAndDuties) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) =>
        new ChangeRightsAndDuties(f.Date("on", On), f.Bool("subjectToRightsAndDuties", SubjectToRightsAndDuties));
}

public sealed record SuspensionRequest(string? On, string? Reason) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new SuspendRight(f.Date("on", On), Reason);
}

public sealed record ResumptionRequest(string? On) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new ResumeRight(f.Date("on", On));
}

public sealed record DiagnosticRequest(string? On, string? Organisation) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new CompleteDiagnostic(f.Date("on", On), Organisation);
}

public sealed record OrientationRequest(
    string? DecidedOn, string? NotifiedOn, string? Track, string? Organisation, string? Referent, string? Channel) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new DecideOrientation(
        f.Date("decidedOn", DecidedOn), f.OptionalDate("notifiedOn", NotifiedOn), f.Enum<Track>("track", Track), Organisation ?? "",
        Referent, f.Enum<OrientationChannel>("channel", Channel));
}

public sealed record NotificationRequest(string? On) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new NotifyOrientation(f.Date("on", On));
}

public sealed record ReorientationRequest(
    string? DecidedOn, string? NotifiedOn, string? Track, string? Organisation, string? Referent, string? Channel, string? Reason) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new DecideReorientation(
        f.Date("decidedOn", DecidedOn), f.OptionalDate("notifiedOn", NotifiedOn), f.Enum<Track>("track", Track), Organisation ?? "",
        Referent, f.Enum<OrientationChannel>("channel", Channel), Reason ?? "");
}

/// <summary>Rendez-vous fixé. <c>appointmentId</c> is chosen by the client; the outcome refers to it.</summary>
public sealed record AppointmentRequest(Guid? AppointmentId, string? Kind, string? FixedOn, string? ScheduledFor, string? Organisation) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new FixAppointment(
        f.Id("appointmentId", AppointmentId), f.Enum<AppointmentKind>("kind", Kind), f.Date("fixedOn", FixedOn),
        f.Date("scheduledFor", ScheduledFor), Organisation ?? "");
}

public sealed record AppointmentOutcomeRequest(Guid? AppointmentId, string? On, string? Outcome) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new RecordAppointmentOutcome(
        f.Id("appointmentId", AppointmentId), f.Date("on", On), f.Enum<AppointmentOutcome>("outcome", Outcome));
}

public sealed record ContractRequest(string? Kind, string? SignedOn, string? ValidUntil, string? Organisation) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new SignContract(
        f.Enum<ContractKind>("kind", Kind), f.Date("signedOn", SignedOn), f.OptionalDate("validUntil", ValidUntil), Organisation ?? "");
}

public sealed record AccompanimentExitRequest(string? On, string? Reason, bool? Positive) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new ExitAccompaniment(f.Date("on", On), Reason ?? "", f.Bool("positive", Positive));
}

public sealed record RsaExitRequest(string? On, string? CafClosureReason) : IStepRequest
{
    public IStepCommand ToCommand(RequestFields f) => new ExitRsa(f.Date("on", On), CafClosureReason);
}
