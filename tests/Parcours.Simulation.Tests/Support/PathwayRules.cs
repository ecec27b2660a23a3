using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Simulation.Tests.Support;

/// <summary>
/// An independent reading of the pathway rules, replaying a generated stream in version order and listing every
/// breach: the generator's output must give none. Written from the brief, not from the generator's code.
/// </summary>
public static class PathwayRules
{
    public static IReadOnlyList<string> Violations(SyntheticPerson person, SimulationWindow window)
    {
        var replay = new Replay(window);
        for (var i = 0; i < person.Events.Count; i++)
        {
            var generated = person.Events[i];
            if (generated.Version != i + 1) replay.Fail(generated, $"version {generated.Version} at position {i + 1}");
            if (i > 0 && generated.RecordedAt < person.Events[i - 1].RecordedAt) replay.Fail(generated, "recorded before the previous version");
            replay.Apply(generated);
        }
        return replay.Breaches;
    }

    private sealed class Replay(SimulationWindow window)
    {
        private readonly List<string> _breaches = [];
        private readonly Dictionary<long, IPathwayEvent> _byVersion = [];
        private readonly HashSet<long> _retracted = [];
        private readonly Dictionary<Guid, AppointmentFixed> _appointments = [];
        private readonly HashSet<Guid> _withOutcome = [];

        private bool _everEntered, _open, _subject;
        private LocalDate _entry, _latestStepDate;
        private LocalDate? _suspendedOn, _exitOn, _orientedOn, _firstOrientedOn;

        public IReadOnlyList<string> Breaches => _breaches;

        public void Fail(GeneratedEvent e, string why) =>
            _breaches.Add($"v{e.Version} {e.Event.GetType().Name} {e.Event.BusinessDate}: {why}");

        public void Apply(GeneratedEvent e)
        {
            if (e.RecordedAt >= window.End) Fail(e, "recorded after the end of the simulation");
            if (e.Event.BusinessDate > e.RecordedAt.InZone(SimulationWindow.Paris).Date) Fail(e, "business date after its recording date");
            if (string.IsNullOrWhiteSpace(e.RecordedBy)) Fail(e, "no actor");
            _byVersion[e.Version] = e.Event;

            switch (e.Event)
            {
                case RsaEntered entered:
                    if (_everEntered) Fail(e, "a second first entry");
                    Enter(entered.KnownOn, entered.SubjectToRightsAndDuties, entered.ApplicationDate);
                    break;
                case RsaReentered reentered:
                    if (reentered.Ground == ReentryGround.AfterClosure && (_open || _exitOn is null)) Fail(e, "re-entry after closure without a closure");
                    if (reentered.Ground == ReentryGround.AfterClosure && reentered.KnownOn < _exitOn) Fail(e, "re-entry known before the closure");
                    if (reentered.Ground == ReentryGround.AfterLongSuspension
                        && (!_open || _suspendedOn is not { } since || Period.DaysBetween(since, reentered.ApplicationDate) <= 365))
                        Fail(e, "re-entry after long suspension without a suspension of more than a year");
                    Enter(reentered.KnownOn, reentered.SubjectToRightsAndDuties, reentered.ApplicationDate);
                    break;
                case StepCorrected correction:
                    if (!_byVersion.TryGetValue(correction.TargetVersion, out var target) || target is not IPathwayStep || _retracted.Contains(correction.TargetVersion))
                        Fail(e, "correction of no standing step");
                    else if (target.GetType() != correction.Replacement.GetType()) Fail(e, "replacement of another type");
                    else Step(e, correction.Replacement);
                    break;
                case StepRetracted retraction:
                    if (!_byVersion.TryGetValue(retraction.TargetVersion, out var retracted) || retracted is not IPathwayStep || !_retracted.Add(retraction.TargetVersion))
                        Fail(e, "retraction of no standing step");
                    break;
                default:
                    Step(e, e.Event);
                    break;
            }
        }

        private void Enter(LocalDate knownOn, bool subject, LocalDate application)
        {
            (_everEntered, _open, _subject, _entry, _latestStepDate) = (true, true, subject, knownOn, knownOn);
            (_suspendedOn, _exitOn, _orientedOn, _firstOrientedOn) = (null, null, null, null);
            if (application > knownOn) _breaches.Add($"entry known on {knownOn} before its application {application}");
        }

        private void Step(GeneratedEvent e, IPathwayEvent step)
        {
            var date = step.BusinessDate;
            if (!_open) { Fail(e, "step outside an open episode (before entry or after closure)"); return; }
            if (date < _entry) Fail(e, "step before the episode's entry");
            if (_suspendedOn is { } suspended && date >= suspended && step is not (RightResumed or RsaExited or RightSuspended))
                Fail(e, "step during a suspension");
            if (step is not RsaExited && date > _latestStepDate) _latestStepDate = date;

            switch (step)
            {
                case RightSuspended when _suspendedOn is not null: Fail(e, "suspended twice"); break;
                case RightSuspended s: _suspendedOn = s.On; break;
                case RightResumed when _suspendedOn is null: Fail(e, "resumed without suspension"); break;
                case RightResumed: _suspendedOn = null; break;
                case RightsAndDutiesChanged changed: _subject = changed.SubjectToRightsAndDuties; break;
                case OrientationDecided decided:
                    if (!_subject) Fail(e, "orientation of a person not subject to rights and duties");
                    if (decided.NotifiedOn < decided.DecidedOn) Fail(e, "notified before decided");
                    _orientedOn = decided.DecidedOn;
                    _firstOrientedOn ??= decided.DecidedOn;
                    break;
                case ReorientationDecided reoriented:
                    if (_orientedOn is not { } first || reoriented.DecidedOn < first) Fail(e, "réorientation without an earlier orientation");
                    _orientedOn = reoriented.DecidedOn;
                    break;
                case OrientationNotified notified when _orientedOn is null || notified.On < _orientedOn:
                    Fail(e, "notification without an earlier decision");
                    break;
                case AppointmentFixed fixedAppointment:
                    if (fixedAppointment.ScheduledFor < fixedAppointment.FixedOn) Fail(e, "appointment scheduled before it was fixed");
                    if (fixedAppointment.Kind == AppointmentKind.Accompaniment && (_firstOrientedOn is null || fixedAppointment.FixedOn < _firstOrientedOn))
                        Fail(e, "accompaniment appointment before an orientation of the episode");
                    if (!_appointments.TryAdd(fixedAppointment.AppointmentId, fixedAppointment)) Fail(e, "appointment id reused");
                    break;
                case AppointmentOutcomeRecorded outcome:
                    if (!_appointments.TryGetValue(outcome.AppointmentId, out var booked)) Fail(e, "outcome of an appointment never fixed");
                    else if (outcome.On < booked.FixedOn) Fail(e, "outcome before the appointment was fixed");
                    if (!_withOutcome.Add(outcome.AppointmentId)) Fail(e, "second outcome for one appointment");
                    break;
                case ContractSigned contract when _firstOrientedOn is null || contract.SignedOn < _firstOrientedOn:
                    Fail(e, "contract before an orientation of the episode");
                    break;
                case AccompanimentExited when _firstOrientedOn is null:
                    Fail(e, "accompaniment exit without orientation");
                    break;
                case RsaExited exited:
                    if (_latestStepDate > exited.On) Fail(e, "closure dated before a step of its episode");
                    (_open, _exitOn) = (false, exited.On);
                    break;
            }
        }
    }
}
