using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_an_orientation_When_correcting_its_date_Then_corrected_today() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new CorrectStep(2, Oriented(12.May(2025)), " Date de la commission mal saisie "))
            .Then(new StepCorrected(2, Oriented(12.May(2025)), "Date de la commission mal saisie", Today));

    [Fact]
    public void Given_an_orientation_When_correcting_without_a_reason_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new CorrectStep(2, Oriented(12.May(2025)), " "))
            .ThenRejected("reason.required");

    [Fact]
    public void Given_an_orientation_When_correcting_it_without_a_replacement_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new CorrectStep(2, null!, "Erreur de saisie"))
            .ThenRejected("replacement.required");

    [Fact]
    public void Given_two_steps_When_correcting_version_3_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new CorrectStep(3, Oriented(12.May(2025)), "Erreur de saisie"))
            .ThenRejected("correction.target-unknown");

    [Fact]
    public void Given_a_correction_When_correcting_the_correction_itself_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), new StepCorrected(2, Oriented(12.May(2025)), "Erreur", 20.May(2025)))
            .When(new CorrectStep(3, Oriented(13.May(2025)), "Erreur"))
            .ThenRejected("correction.target-not-a-step");

    [Fact]
    public void Given_a_corrected_orientation_When_correcting_it_again_Then_corrected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), new StepCorrected(2, Oriented(12.May(2025)), "Erreur", 20.May(2025)))
            .When(new CorrectStep(2, Oriented(13.May(2025)), "Toujours une erreur"))
            .Then(new StepCorrected(2, Oriented(13.May(2025)), "Toujours une erreur", Today));

    [Fact]
    public void Given_a_retracted_step_When_correcting_it_Then_rejected() =>
        Given(Entered(20.March(2025)), new DiagnosticCompleted(28.May(2025), null), new StepRetracted(2, "Doublon", 29.May(2025)))
            .When(new CorrectStep(2, new DiagnosticCompleted(27.May(2025), null), "Erreur"))
            .ThenRejected("correction.target-retracted");

    [Fact]
    public void Given_an_orientation_When_replacing_it_by_a_reorientation_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new CorrectStep(2, Reoriented(19.May(2025)), "Erreur"))
            .ThenRejected("correction.type-mismatch");

    [Fact]
    public void Given_an_orientation_When_the_replacement_is_the_same_step_Then_no_event() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new CorrectStep(2, Oriented(19.May(2025), organisation: " MDS Toulouse Nord "), "Erreur"))
            .ThenNoEvent();

    [Fact]
    public void Given_a_contract_When_moving_the_orientation_after_it_Then_rejected_naming_the_contract()
    {
        var rejection = Given(Entered(20.March(2025)), Oriented(19.May(2025)), Signed(26.May(2025)))
            .When(new CorrectStep(2, Oriented(27.May(2025)), "Date de décision erronée"))
            .ThenRejected("correction.inconsistent");

        rejection.Cause.ShouldNotBeNull().Code.ShouldBe("contract.before-orientation");
        rejection.Message.ShouldContain("n° 3");
    }

    [Fact]
    public void Given_a_contract_When_moving_the_orientation_to_the_contract_day_Then_corrected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Signed(26.May(2025)))
            .When(new CorrectStep(2, Oriented(26.May(2025)), "Date de décision erronée"))
            .Then(new StepCorrected(2, Oriented(26.May(2025)), "Date de décision erronée", Today));

    [Fact]
    public void Given_an_orientation_When_moving_it_into_the_future_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new CorrectStep(2, Oriented(1.July(2025)), "Erreur"))
            .ThenRejected("correction.inconsistent")
            .Cause.ShouldNotBeNull().Code.ShouldBe("date.future");

    [Fact]
    public void Given_steps_When_moving_the_entry_after_them_Then_rejected() =>
        Given(Entered(20.March(2025)), new DiagnosticCompleted(28.March(2025), null))
            .When(new CorrectStep(1, Entered(1.April(2025), applicationDate: 20.March(2025)), "Date du flux erronée"))
            .ThenRejected("correction.inconsistent")
            .Cause.ShouldNotBeNull().Code.ShouldBe("date.before-entry");

    [Fact]
    public void Given_a_recorded_outcome_When_correcting_it_Then_corrected() =>
        Given(
                Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 2.June(2025), 10.June(2025)),
                Outcome(FirstAppointment, 10.June(2025), AppointmentOutcome.NoShow))
            .When(new CorrectStep(4, Outcome(FirstAppointment, 10.June(2025), AppointmentOutcome.Held), "Présence confirmée par le référent"))
            .Then(new StepCorrected(4, Outcome(FirstAppointment, 10.June(2025), AppointmentOutcome.Held), "Présence confirmée par le référent", Today));

    [Fact]
    public void Given_a_closed_right_When_correcting_an_earlier_step_Then_corrected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Exited(31.May(2025)))
            .When(new CorrectStep(2, Oriented(20.May(2025)), "Erreur"))
            .Then(new StepCorrected(2, Oriented(20.May(2025)), "Erreur", Today));

    [Fact]
    public void Given_a_reentry_When_moving_the_closure_after_it_Then_rejected() =>
        Given(Entered(20.January(2025)), Exited(31.March(2025)), Reentered(20.June(2025), ReentryGround.AfterClosure))
            .When(new CorrectStep(2, Exited(21.June(2025)), "Erreur"))
            .ThenRejected("correction.inconsistent")
            .Cause.ShouldNotBeNull().Code.ShouldBe("reentry.before-exit");
}
