using NodaTime;

namespace Parcours.Domain.Pathways;

// The facts of an episode as the state shows them. Each carries the stream version of the step it comes from,
// so that a screen can offer to correct or retract it.

/// <summary>An orientation or réorientation decision, with its notification date once known.</summary>
/// <param name="Reason">The reason of a réorientation; null for the first orientation.</param>
public sealed record OrientationView(
    long Version,
    bool IsReorientation,
    LocalDate DecidedOn,
    LocalDate? NotifiedOn,
    Track Track,
    string Organisation,
    string? Referent,
    OrientationChannel Channel,
    string? Reason);

public sealed record AppointmentView(
    long Version,
    Guid Id,
    AppointmentKind Kind,
    LocalDate FixedOn,
    LocalDate ScheduledFor,
    string Organisation,
    AppointmentResult? Result);

/// <summary>The recorded outcome of an appointment.</summary>
public sealed record AppointmentResult(long Version, LocalDate On, AppointmentOutcome Outcome);

public sealed record ContractView(long Version, ContractKind Kind, LocalDate SignedOn, LocalDate? ValidUntil, string Organisation);

public sealed record DiagnosticView(long Version, LocalDate On, string? Organisation);

public sealed record SuspensionView(long Version, LocalDate Since, string? Reason);

public sealed record AccompanimentExitView(long Version, LocalDate On, string Reason, bool Positive);

public sealed record RsaExitView(long Version, LocalDate On, string? CafClosureReason);
