using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Generation;

/// <summary>
/// From the day a person must be oriented (entry, or becoming subject to rights and duties) to the orientation
/// decision by one of the four channels, its notification, diagnostics, a possible réorientation, and the
/// accompaniment that follows each decision.
/// </summary>
internal sealed class OrientationPlanner(SimulationProfile profile, OrganisationCatalogue catalogue, Actors actors)
{
    private readonly OrientationParameters _orientation = profile.Orientation;
    private readonly AccompanimentPlanner _accompaniment = new(profile, actors);

    public IEnumerable<PlannedEvent> Plan(PlannedEvent anchor, LocalDate start, string territory, string gsb, SeededRandom random)
    {
        if (random.Chance(_orientation.NeverOrientedShare)) yield break;
        var track = random.Pick(profile.TrackShares);
        var channel = random.Pick(track == Track.Professional ? _orientation.ProfessionalChannels : _orientation.OtherChannels);

        LocalDate decidedOn;
        var decisionDependency = anchor;
        var atKiosk = false;
        if (channel == OrientationChannel.Kiosk)
        {
            var kiosk = new List<PlannedEvent>();
            (decidedOn, channel, decisionDependency) = Kiosk(anchor, start, territory, gsb, random, kiosk);
            atKiosk = channel == OrientationChannel.Kiosk;
            foreach (var step in kiosk) yield return step;
        }
        else decidedOn = channel == OrientationChannel.Automatic ? DelayOf(channel).After(start, random) : DelayOf(channel).WorkingDayAfter(start, random);

        if (channel != OrientationChannel.Automatic && random.Chance(_orientation.DiagnosticBeforeShare) && decidedOn > start)
        {
            var on = RecordingCalendar.NextWorkingDay(start.PlusDays(random.Next(Period.DaysBetween(start, decidedOn))));
            yield return Diagnostic(on, track, territory, gsb, random, anchor);
        }

        var organisation = catalogue.Pick(track, territory, random).Id;
        var referent = track != Track.Professional && random.Chance(0.6) ? actors.Referent(random) : null;
        var decision = channel == OrientationChannel.Automatic
            ? new PlannedEvent(new OrientationDecided(decidedOn, null, track, organisation, referent, channel),
                RecorderKind.Machine, Actors.AutomaticOrientation, anchor) { RecordOn = decidedOn }
            : new PlannedEvent(new OrientationDecided(decidedOn, null, track, organisation, referent, channel),
                RecorderKind.Staff, gsb, anchor, decisionDependency);
        yield return decision;
        var notification = Notification(decision, decidedOn, gsb, random);
        yield return notification;

        if (random.Chance(_orientation.DiagnosticAfterShare))
            yield return Diagnostic(_orientation.DiagnosticAfterDelay.WorkingDayAfter(decidedOn, random), track, territory, gsb, random, decision);

        PlannedEvent? reorientation = null;
        LocalDate? reorientedOn = null;
        Track newTrack = track;
        string newOrganisation = organisation;
        if (random.Chance(_orientation.ReorientationShare))
        {
            reorientedOn = _orientation.ReorientationDelay.WorkingDayAfter(decidedOn, random);
            newTrack = random.Pick(profile.TrackShares.Where(t => t.Value != track).ToArray());
            newOrganisation = catalogue.Pick(newTrack, territory, random).Id;
            var newChannel = random.Chance(0.7) ? OrientationChannel.Manager : OrientationChannel.MultidisciplinaryTeam;
            reorientation = new PlannedEvent(
                new ReorientationDecided(reorientedOn.Value, null, newTrack, newOrganisation, null, newChannel, random.Pick(Labels.Reorientation)),
                RecorderKind.Staff, gsb, decision, notification); // a notification recorded later would seem to notify the réorientation
        }

        foreach (var step in _accompaniment.Plan(decision, decidedOn, track, organisation, atKiosk, gsb, random))
        {
            if (reorientedOn is { } cut) step.Before = cut;
            yield return step;
        }
        if (reorientation is null) yield break;

        yield return reorientation;
        yield return Notification(reorientation, reorientedOn!.Value, gsb, random);
        foreach (var step in _accompaniment.Plan(reorientation, reorientedOn.Value, newTrack, newOrganisation, false, gsb, random))
            yield return step;
    }

    /// <summary>
    /// Invitations to the kiosque insertion (an orientation appointment each); about one in three do not come.
    /// Those who never come are oriented by default, by a manager or before the équipe pluridisciplinaire.
    /// </summary>
    private (LocalDate DecidedOn, OrientationChannel Channel, PlannedEvent Dependency) Kiosk(
        PlannedEvent anchor, LocalDate start, string territory, string gsb, SeededRandom random, List<PlannedEvent> steps)
    {
        var day = _orientation.KioskDelay.WorkingDayAfter(start, random);
        var notBefore = start;
        var previous = anchor;
        for (var invitation = 1; invitation <= _orientation.KioskMaxInvitations; invitation++)
        {
            var fixedOn = RecordingCalendar.NextWorkingDay(day.PlusDays(-_orientation.KioskInvitationLead.SampleDays(random)));
            if (fixedOn < notBefore) fixedOn = RecordingCalendar.NextWorkingDay(notBefore);
            var id = random.NextGuid();
            var fixedStep = new PlannedEvent(
                new AppointmentFixed(id, AppointmentKind.Orientation, fixedOn, day, catalogue.KioskOf(territory)), RecorderKind.Staff, gsb, previous);
            var noShow = random.Chance(_orientation.KioskNoShowRate);
            var outcome = new PlannedEvent(
                new AppointmentOutcomeRecorded(id, day, noShow ? AppointmentOutcome.NoShow : AppointmentOutcome.Held), RecorderKind.Staff, gsb, fixedStep);
            steps.Add(fixedStep);
            steps.Add(outcome);
            if (!noShow) return (day, OrientationChannel.Kiosk, outcome);
            (previous, notBefore) = (outcome, day);
            day = _orientation.KioskReinvitationDelay.WorkingDayAfter(day, random);
        }
        var channel = random.Chance(_orientation.DefaultToTeamShare) ? OrientationChannel.MultidisciplinaryTeam : OrientationChannel.Manager;
        return (_orientation.DefaultOrientationDelay.WorkingDayAfter(notBefore, random), channel, previous);
    }

    private PlannedEvent Notification(PlannedEvent decision, LocalDate decidedOn, string gsb, SeededRandom random) =>
        new(new OrientationNotified(_orientation.NotificationDelay.WorkingDayAfter(decidedOn, random)), RecorderKind.Staff, gsb, decision)
        {
            MayMergeInto = decision,
        };

    private PlannedEvent Diagnostic(LocalDate on, Track track, string territory, string gsb, SeededRandom random, PlannedEvent dependency)
    {
        var organisation = track == Track.SocioProfessional && random.Chance(0.5)
            ? catalogue.Pick(Track.SocioProfessional, territory, random).Id
            : catalogue.InsertionAgentsOf(territory);
        return new PlannedEvent(new DiagnosticCompleted(on, organisation), RecorderKind.Staff, gsb, dependency);
    }

    private DelayDistribution DelayOf(OrientationChannel channel) => channel switch
    {
        OrientationChannel.Automatic => _orientation.AutomaticDelay,
        OrientationChannel.Manager => _orientation.ManagerDelay,
        _ => _orientation.MultidisciplinaryTeamDelay,
    };
}
