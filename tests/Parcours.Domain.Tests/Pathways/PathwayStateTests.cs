using NodaTime;
using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

/// <summary>What the state says after a history: the decider's view and the case summary's.</summary>
public class PathwayStateTests
{
    private static PathwayState StateOf(params IPathwayEvent[] events) =>
        PathwayState.From(events.Select((e, i) =>
            new RecordedPathwayEvent(i + 1, e, Instant.FromUtc(2025, 1, 6, 8, 0) + Duration.FromHours(i), "gsb.test")));

    [Fact]
    public void An_empty_stream_has_not_started()
    {
        var state = StateOf();

        state.Phase.ShouldBe(PathwayPhase.NotStarted);
        state.CurrentEpisode.ShouldBeNull();
        state.Version.ShouldBe(0);
        state.LastBusinessDate.ShouldBeNull();
    }

    [Fact]
    public void The_phase_follows_the_pathway_from_entry_to_exit()
    {
        StateOf(Entered(20.March(2025))).Phase.ShouldBe(PathwayPhase.AwaitingOrientation);
        StateOf(Entered(20.March(2025)), Oriented(19.May(2025))).Phase.ShouldBe(PathwayPhase.Oriented);
        StateOf(Entered(20.March(2025)), Oriented(19.May(2025)), Signed(26.May(2025))).Phase.ShouldBe(PathwayPhase.InAccompaniment);
        StateOf(Entered(20.March(2025)), Oriented(19.May(2025)), Signed(26.May(2025)), new AccompanimentExited(20.June(2025), "Emploi", true))
            .Phase.ShouldBe(PathwayPhase.Oriented);
        StateOf(Entered(20.March(2025)), Oriented(19.May(2025)), Suspended(1.June(2025))).Phase.ShouldBe(PathwayPhase.Suspended);
        StateOf(Entered(20.March(2025)), Oriented(19.May(2025)), Suspended(1.June(2025)), Resumed(15.June(2025)))
            .Phase.ShouldBe(PathwayPhase.Oriented);
        StateOf(Entered(20.March(2025)), Suspended(1.June(2025)), Exited(20.June(2025))).Phase.ShouldBe(PathwayPhase.Exited);
    }

    [Fact]
    public void A_held_accompaniment_appointment_starts_the_accompaniment_but_a_no_show_does_not()
    {
        StateOf(Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 20.May(2025), 2.June(2025)),
                Outcome(FirstAppointment, 2.June(2025), AppointmentOutcome.NoShow))
            .Phase.ShouldBe(PathwayPhase.Oriented);
        StateOf(Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 20.May(2025), 2.June(2025)),
                Outcome(FirstAppointment, 2.June(2025), AppointmentOutcome.Held))
            .Phase.ShouldBe(PathwayPhase.InAccompaniment);
    }

    [Fact]
    public void A_contract_recorded_late_but_signed_before_the_accompaniment_exit_does_not_reopen_the_accompaniment() =>
        StateOf(Entered(20.March(2025)), Oriented(19.May(2025)), new AccompanimentExited(20.June(2025), "Emploi", true), Signed(26.May(2025)))
            .Phase.ShouldBe(PathwayPhase.Oriented);

    [Fact]
    public void A_reorientation_after_the_contract_awaits_a_new_accompaniment()
    {
        var state = StateOf(Entered(20.March(2025)), Oriented(19.May(2025)), Signed(26.May(2025)), Reoriented(10.June(2025)));

        state.Phase.ShouldBe(PathwayPhase.Oriented);
        var episode = state.CurrentEpisode.ShouldNotBeNull();
        episode.FirstOrientation.ShouldNotBeNull().Organisation.ShouldBe(Mds);
        episode.CurrentOrientation.ShouldNotBeNull().Organisation.ShouldBe(FranceTravail);
        episode.CurrentOrientation.IsReorientation.ShouldBeTrue();
        episode.CurrentOrientation.Version.ShouldBe(4);
    }

    [Fact]
    public void A_notification_dates_the_orientation_in_force_only()
    {
        var episode = StateOf(Entered(20.March(2025)), Oriented(19.May(2025)), Reoriented(10.June(2025)), new OrientationNotified(12.June(2025)))
            .CurrentEpisode.ShouldNotBeNull();

        episode.FirstOrientation.ShouldNotBeNull().NotifiedOn.ShouldBeNull();
        episode.CurrentOrientation.ShouldNotBeNull().NotifiedOn.ShouldBe(12.June(2025));
    }

    [Fact]
    public void A_corrected_orientation_counts_with_its_corrected_date_and_keeps_its_version()
    {
        var state = StateOf(
            Entered(20.March(2025)), Oriented(19.May(2025)),
            new StepCorrected(2, Oriented(12.May(2025)), "Erreur de saisie", 30.June(2025)));

        var orientation = state.CurrentEpisode.ShouldNotBeNull().FirstOrientation.ShouldNotBeNull();
        orientation.DecidedOn.ShouldBe(12.May(2025));
        orientation.Version.ShouldBe(2);
        state.Version.ShouldBe(3);
        state.LastBusinessDate.ShouldBe(12.May(2025));
    }

    [Fact]
    public void A_retracted_contract_no_longer_counts()
    {
        var state = StateOf(
            Entered(20.March(2025)), Oriented(19.May(2025)), Signed(26.May(2025)),
            new StepRetracted(3, "Contrat d'un autre allocataire", 27.May(2025)));

        state.CurrentEpisode.ShouldNotBeNull().Contracts.ShouldBeEmpty();
        state.Phase.ShouldBe(PathwayPhase.Oriented);
        state.Steps.Select(s => s.Version).ShouldBe([1L, 2L]);
    }

    [Fact]
    public void Appointments_are_found_by_id_with_their_outcome_and_versions()
    {
        var appointments = StateOf(
                Entered(20.March(2025)), Oriented(19.May(2025)),
                Fixed(FirstAppointment, 20.May(2025), 2.June(2025)), Fixed(SecondAppointment, 3.June(2025), 16.June(2025)),
                Outcome(FirstAppointment, 2.June(2025), AppointmentOutcome.NoShow))
            .CurrentEpisode.ShouldNotBeNull().Appointments;

        appointments[FirstAppointment].Result.ShouldBe(new AppointmentResult(5, 2.June(2025), AppointmentOutcome.NoShow));
        appointments[FirstAppointment].Version.ShouldBe(3);
        appointments[SecondAppointment].Result.ShouldBeNull();
        appointments[SecondAppointment].ScheduledFor.ShouldBe(16.June(2025));
    }

    [Fact]
    public void A_reentry_opens_a_new_episode_whose_delays_start_over()
    {
        var state = StateOf(
            Entered(20.January(2025)), Oriented(10.February(2025)), Signed(20.February(2025)), Exited(31.March(2025)),
            Reentered(20.June(2025), ReentryGround.AfterClosure));

        state.Episodes.Count.ShouldBe(2);
        state.Episodes[0].Exit.ShouldNotBeNull().On.ShouldBe(31.March(2025));
        state.Episodes[0].FirstOrientation.ShouldNotBeNull().DecidedOn.ShouldBe(10.February(2025));
        var current = state.CurrentEpisode.ShouldNotBeNull();
        current.Number.ShouldBe(2);
        current.EntryDate.ShouldBe(20.June(2025));
        current.Ground.ShouldBe(ReentryGround.AfterClosure);
        current.FirstOrientation.ShouldBeNull();
        current.Contracts.ShouldBeEmpty();
        state.Phase.ShouldBe(PathwayPhase.AwaitingOrientation);
    }

    [Fact]
    public void Rights_and_duties_follow_the_latest_change() =>
        StateOf(Entered(20.March(2025), subjectToRightsAndDuties: false), new RightsAndDutiesChanged(2.April(2025), true))
            .CurrentEpisode.ShouldNotBeNull().SubjectToRightsAndDuties.ShouldBeTrue();

    [Fact]
    public void The_last_business_date_is_the_latest_step_date_not_the_latest_recorded() =>
        StateOf(Entered(20.March(2025)), Oriented(19.May(2025)), new DiagnosticCompleted(2.April(2025), null))
            .LastBusinessDate.ShouldBe(19.May(2025));

    [Fact]
    public void An_outcome_for_an_unknown_appointment_is_ignored_by_the_fold() =>
        StateOf(Entered(20.March(2025)), Outcome(FirstAppointment, 2.June(2025), AppointmentOutcome.Held))
            .CurrentEpisode.ShouldNotBeNull().Appointments.ShouldBeEmpty();
}
