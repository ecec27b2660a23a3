using NodaTime;

namespace Parcours.Domain.Pathways;

/// <summary>
/// The checks a step's own values must pass, whatever the pathway: required text, date order within the step.
/// Steps are normalised first (text trimmed, blank optional text made null), so that "MDS Nord " and "MDS Nord"
/// are the same fact.
/// </summary>
public static class StepValues
{
    /// <summary>The contrat d'engagement exists since the loi pour le plein emploi came into force.</summary>
    public static readonly LocalDate EngagementContractsFrom = new(2025, 1, 1);

    public static IPathwayStep Normalise(IPathwayStep step) => step switch
    {
        RsaEntered e => e with { Territory = Optional(e.Territory) },
        RsaReentered r => r with { Territory = Optional(r.Territory) },
        RightSuspended s => s with { Reason = Optional(s.Reason) },
        DiagnosticCompleted d => d with { Organisation = Optional(d.Organisation) },
        OrientationDecided o => o with { Organisation = Trimmed(o.Organisation), Referent = Optional(o.Referent) },
        ReorientationDecided r => r with
        {
            Organisation = Trimmed(r.Organisation), Referent = Optional(r.Referent), Reason = Trimmed(r.Reason),
        },
        AppointmentFixed a => a with { Organisation = Trimmed(a.Organisation) },
        ContractSigned c => c with { Organisation = Trimmed(c.Organisation) },
        AccompanimentExited x => x with { Reason = Trimmed(x.Reason) },
        RsaExited x => x with { CafClosureReason = Optional(x.CafClosureReason) },
        _ => step,
    };

    /// <summary>The first value rule a (normalised) step breaks, or null.</summary>
    public static Rejection? Check(IPathwayStep step) => step switch
    {
        RsaEntered e => ApplicationNotAfterKnown(e.ApplicationDate, e.KnownOn),
        RsaReentered r => ApplicationNotAfterKnown(r.ApplicationDate, r.KnownOn),
        OrientationDecided o => Organisation(o.Organisation) ?? NotifiedNotBeforeDecided(o.DecidedOn, o.NotifiedOn),
        ReorientationDecided r => Organisation(r.Organisation)
            ?? Reason(r.Reason)
            ?? NotifiedNotBeforeDecided(r.DecidedOn, r.NotifiedOn),
        AppointmentFixed a => AppointmentId(a.AppointmentId)
            ?? Organisation(a.Organisation)
            ?? (a.ScheduledFor < a.FixedOn ? PathwayRejections.ScheduledBeforeFixed(a.FixedOn, a.ScheduledFor) : null),
        AppointmentOutcomeRecorded o => AppointmentId(o.AppointmentId),
        ContractSigned c => Organisation(c.Organisation)
            ?? (c.ValidUntil is { } until && until <= c.SignedOn
                ? PathwayRejections.ValidUntilNotAfterSignature(c.SignedOn, until)
                : null)
            ?? (c.Kind == ContractKind.EngagementContract && c.SignedOn < EngagementContractsFrom
                ? PathwayRejections.EngagementContractBeforeLaw(c.SignedOn)
                : null),
        AccompanimentExited x => Reason(x.Reason),
        _ => null,
    };

    /// <summary>The reason of a correction or retraction: required, trimmed.</summary>
    public static Rejection? Reason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? PathwayRejections.Required("reason", "motif") : null;

    internal static string Trimmed(string? text) => text?.Trim() ?? "";

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Rejection? Organisation(string organisation) =>
        organisation.Length == 0 ? PathwayRejections.Required("organisation", "organisme") : null;

    private static Rejection? AppointmentId(Guid id) =>
        id == Guid.Empty ? PathwayRejections.Required("appointmentId", "identifiant du rendez-vous") : null;

    private static Rejection? ApplicationNotAfterKnown(LocalDate application, LocalDate known) =>
        application > known ? PathwayRejections.ApplicationAfterKnown(application, known) : null;

    private static Rejection? NotifiedNotBeforeDecided(LocalDate decidedOn, LocalDate? notifiedOn) =>
        notifiedOn is { } notified && notified < decidedOn
            ? PathwayRejections.NotificationBeforeDecision(decidedOn, notified)
            : null;
}
