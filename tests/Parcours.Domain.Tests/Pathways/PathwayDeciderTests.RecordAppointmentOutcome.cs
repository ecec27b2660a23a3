using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_no_such_appointment_When_recording_an_outcome_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 2.June(2025), 10.June(2025)))
            .When(new RecordAppointmentOutcome(SecondAppointment, 10.June(2025), AppointmentOutcome.Held))
            .ThenRejected("appointment.unknown");

    [Fact]
    public void Given_a_fixed_appointment_When_held_on_its_day_Then_recorded() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 2.June(2025), 10.June(2025)))
            .When(new RecordAppointmentOutcome(FirstAppointment, 10.June(2025), AppointmentOutcome.Held))
            .Then(new AppointmentOutcomeRecorded(FirstAppointment, 10.June(2025), AppointmentOutcome.Held));

    [Fact]
    public void Given_a_recorded_outcome_When_recording_another_Then_rejected_in_favour_of_a_correction()
    {
        Given(
                Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 2.June(2025), 10.June(2025)),
                Outcome(FirstAppointment, 10.June(2025), AppointmentOutcome.NoShow))
            .When(new RecordAppointmentOutcome(FirstAppointment, 10.June(2025), AppointmentOutcome.Held))
            .ThenRejected("appointment.outcome-already-recorded")
            .Message.ShouldContain("n° 4");
    }

    [Fact]
    public void Given_a_recorded_outcome_When_recording_it_again_Then_no_event() =>
        Given(
                Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 2.June(2025), 10.June(2025)),
                Outcome(FirstAppointment, 10.June(2025), AppointmentOutcome.Held))
            .When(new RecordAppointmentOutcome(FirstAppointment, 10.June(2025), AppointmentOutcome.Held))
            .ThenNoEvent();

    [Fact]
    public void Given_a_fixed_appointment_When_the_outcome_predates_the_booking_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 2.June(2025), 10.June(2025)))
            .When(new RecordAppointmentOutcome(FirstAppointment, 1.June(2025), AppointmentOutcome.Cancelled))
            .ThenRejected("appointment.outcome-before-fixed");

    [Fact]
    public void Given_a_fixed_appointment_When_held_before_its_scheduled_day_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 2.June(2025), 10.June(2025)))
            .When(new RecordAppointmentOutcome(FirstAppointment, 9.June(2025), AppointmentOutcome.Held))
            .ThenRejected("appointment.outcome-before-scheduled");

    [Fact]
    public void Given_a_fixed_appointment_When_cancelled_before_its_scheduled_day_Then_recorded() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 2.June(2025), 10.June(2025)))
            .When(new RecordAppointmentOutcome(FirstAppointment, 5.June(2025), AppointmentOutcome.Cancelled))
            .Then(new AppointmentOutcomeRecorded(FirstAppointment, 5.June(2025), AppointmentOutcome.Cancelled));

    [Fact]
    public void Given_a_retracted_outcome_When_recording_the_right_one_Then_recorded() =>
        Given(
                Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 2.June(2025), 10.June(2025)),
                Outcome(FirstAppointment, 10.June(2025), AppointmentOutcome.NoShow),
                new StepRetracted(4, "Saisi sur le mauvais dossier", 11.June(2025)))
            .When(new RecordAppointmentOutcome(FirstAppointment, 10.June(2025), AppointmentOutcome.Held))
            .Then(new AppointmentOutcomeRecorded(FirstAppointment, 10.June(2025), AppointmentOutcome.Held));
}
