using NodaTime;

namespace Parcours.Domain.Pathways;

/// <summary>
/// Whether a step may follow the pathway as it stands. The same rules judge a new step and every step of a
/// corrected history (see <see cref="PathwayDecider"/>), so that a correction cannot bring back what a new
/// step would be refused for.
/// </summary>
public static class StepRules
{
    /// <summary>The first rule <paramref name="step"/> (normalised) breaks after <paramref name="before"/>, or null.</summary>
    public static Rejection? Check(IPathwayStep step, PathwayState before, LocalDate today) =>
        StepValues.Check(step) ?? NotInFuture(step, today) ?? Against(step, before);

    private static Rejection? NotInFuture(IPathwayStep step, LocalDate today)
    {
        LocalDate? notifiedOn = step switch
        {
            OrientationDecided o => o.NotifiedOn,
            ReorientationDecided r => r.NotifiedOn,
            _ => null,
        };
        return step.BusinessDate > today ? PathwayRejections.FutureDate(step.BusinessDate, today)
            : notifiedOn > today ? PathwayRejections.FutureDate(notifiedOn.Value, today)
            : null;
    }

    private static Rejection? Against(IPathwayStep step, PathwayState before) => step switch
    {
        RsaEntered => before.CurrentEpisode is { } episode ? PathwayRejections.AlreadyEntered(episode.EntryDate) : null,
        RsaReentered r => Reentry(r, before.CurrentEpisode),
        _ => before.CurrentEpisode is { } episode
            ? WithinEpisode(step, episode) ?? Specific(step, episode, before)
            : PathwayRejections.EntryRequired(),
    };

    private static Rejection? Reentry(RsaReentered reentry, Episode? episode)
    {
        if (episode is null)
        {
            return PathwayRejections.NoPreviousEntry();
        }
        if (episode.Exit is { } exit)
        {
            return reentry.Ground != ReentryGround.AfterClosure ? PathwayRejections.GroundMismatch(ReentryGround.AfterClosure)
                : reentry.KnownOn < exit.On ? PathwayRejections.ReentryBeforeExit(exit.On, reentry.KnownOn)
                : null;
        }
        if (episode.Suspension is { } suspension)
        {
            return reentry.Ground != ReentryGround.AfterLongSuspension
                ? PathwayRejections.GroundMismatch(ReentryGround.AfterLongSuspension)
                : reentry.KnownOn <= suspension.Since.PlusYears(1)
                    ? PathwayRejections.SuspensionTooShort(suspension.Since, reentry.KnownOn)
                    : null;
        }
        return PathwayRejections.CaseOpen();
    }

    /// <summary>
    /// A step belongs to the current episode: not before its entry, and not after the closure of the right.
    /// A step dated on or before the closure is a late recording, and is accepted.
    /// </summary>
    private static Rejection? WithinEpisode(IPathwayStep step, Episode episode) =>
        step.BusinessDate < episode.EntryDate ? PathwayRejections.BeforeEntry(step.BusinessDate, episode.EntryDate)
        : episode.Exit is { } exit && step is not RsaExited && step.BusinessDate > exit.On ? PathwayRejections.RsaExited(exit.On)
        : null;

    private static Rejection? Specific(IPathwayStep step, Episode episode, PathwayState before) => step switch
    {
        RsaExited => episode.Exit is { } exit ? PathwayRejections.RsaAlreadyExited(exit.On) : null,
        RightSuspended => episode.Suspension is { } suspension ? PathwayRejections.AlreadySuspended(suspension.Since) : null,
        RightResumed r => episode.Suspension is not { } suspension ? PathwayRejections.NotSuspended()
            : r.On < suspension.Since ? PathwayRejections.ResumptionBeforeSuspension(suspension.Since, r.On)
            : null,
        OrientationDecided => episode.FirstOrientation is { } first ? PathwayRejections.AlreadyOriented(first.DecidedOn) : null,
        ReorientationDecided r => Reorientation(r, episode.CurrentOrientation),
        OrientationNotified n => episode.CurrentOrientation is not { } current ? PathwayRejections.OrientationRequired()
            : current.NotifiedOn is { } notifiedOn ? PathwayRejections.AlreadyNotified(notifiedOn)
            : n.On < current.DecidedOn ? PathwayRejections.NotificationBeforeDecision(current.DecidedOn, n.On)
            : null,
        AppointmentFixed a => Appointment(a, episode, before),
        AppointmentOutcomeRecorded o => Outcome(o, episode),
        ContractSigned c => AfterOrientation(episode, "contract.before-orientation", "La signature du contrat", c.SignedOn),
        AccompanimentExited x => AfterOrientation(
            episode, "accompaniment-exit.before-orientation", "La sortie d'accompagnement", x.On),
        _ => null,
    };

    private static Rejection? Reorientation(ReorientationDecided reorientation, OrientationView? current) =>
        current is null ? PathwayRejections.OrientationRequired()
        : reorientation.DecidedOn < current.DecidedOn
            ? PathwayRejections.ReorientationBeforeOrientation(current.DecidedOn, reorientation.DecidedOn)
        : reorientation.Track == current.Track
          && string.Equals(reorientation.Organisation, current.Organisation, StringComparison.OrdinalIgnoreCase)
          && string.Equals(reorientation.Referent, current.Referent, StringComparison.OrdinalIgnoreCase)
            ? PathwayRejections.ReorientationWithoutChange()
        : null;

    private static Rejection? Appointment(AppointmentFixed appointment, Episode episode, PathwayState before)
    {
        if (before.Episodes.Any(e => e.Appointments.ContainsKey(appointment.AppointmentId)))
        {
            return PathwayRejections.AppointmentIdTaken(appointment.AppointmentId);
        }
        // Orientation appointments may come before the orientation (kiosque, diagnostic); accompaniment ones may not.
        return appointment.Kind == AppointmentKind.Accompaniment
            ? AfterOrientation(episode, "appointment.before-orientation", "Le rendez-vous d'accompagnement", appointment.FixedOn)
            : null;
    }

    private static Rejection? Outcome(AppointmentOutcomeRecorded outcome, Episode episode) =>
        !episode.Appointments.TryGetValue(outcome.AppointmentId, out var appointment)
            ? PathwayRejections.UnknownAppointment(outcome.AppointmentId)
        : appointment.Result is { } result ? PathwayRejections.OutcomeAlreadyRecorded(result.Outcome, result.Version)
        : outcome.On < appointment.FixedOn ? PathwayRejections.OutcomeBeforeFixed(appointment.FixedOn, outcome.On)
        : outcome.Outcome is AppointmentOutcome.Held or AppointmentOutcome.NoShow && outcome.On < appointment.ScheduledFor
            ? PathwayRejections.OutcomeBeforeScheduled(appointment.ScheduledFor, outcome.On)
        : null;

    /// <summary>
    /// Accompaniment facts need an orientation in the episode, and cannot be dated before the first one (a
    /// negative delay would otherwise reach the indicators silently).
    /// </summary>
    private static Rejection? AfterOrientation(Episode episode, string code, string what, LocalDate date) =>
        episode.FirstOrientation is not { } first ? PathwayRejections.OrientationRequired()
        : date < first.DecidedOn ? PathwayRejections.BeforeOrientation(code, what, date, first.DecidedOn)
        : null;
}
