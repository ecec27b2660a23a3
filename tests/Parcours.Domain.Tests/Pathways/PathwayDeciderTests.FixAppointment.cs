using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_no_orientation_When_fixing_an_accompaniment_appointment_Then_rejected() =>
        Given(Entered(20.March(2025)))
            .When(new FixAppointment(FirstAppointment, AppointmentKind.Accompaniment, 2.June(2025), 10.June(2025), Mds))
            .ThenRejected("orientation.required");

    [Fact]
    public void Given_no_orientation_When_fixing_an_orientation_appointment_Then_fixed() =>
        Given(Entered(20.March(2025)))
            .When(new FixAppointment(FirstAppointment, AppointmentKind.Orientation, 2.June(2025), 10.June(2025), "Kiosque insertion Muret"))
            .Then(new AppointmentFixed(FirstAppointment, AppointmentKind.Orientation, 2.June(2025), 10.June(2025), "Kiosque insertion Muret"));

    [Fact]
    public void Given_an_orientation_When_fixing_an_accompaniment_appointment_for_next_month_Then_fixed() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new FixAppointment(FirstAppointment, AppointmentKind.Accompaniment, 30.June(2025), 15.July(2025), Mds))
            .Then(new AppointmentFixed(FirstAppointment, AppointmentKind.Accompaniment, 30.June(2025), 15.July(2025), Mds));

    [Fact]
    public void Given_an_orientation_When_the_accompaniment_appointment_was_fixed_before_it_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new FixAppointment(FirstAppointment, AppointmentKind.Accompaniment, 18.May(2025), 26.May(2025), Mds))
            .ThenRejected("appointment.before-orientation");

    [Fact]
    public void Given_an_orientation_When_scheduled_before_it_was_fixed_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new FixAppointment(FirstAppointment, AppointmentKind.Accompaniment, 2.June(2025), 1.June(2025), Mds))
            .ThenRejected("appointment.scheduled-before-fixed");

    [Fact]
    public void Given_an_orientation_When_fixing_without_an_identifier_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new FixAppointment(Guid.Empty, AppointmentKind.Accompaniment, 2.June(2025), 10.June(2025), Mds))
            .ThenRejected("appointmentId.required");

    [Fact]
    public void Given_an_appointment_When_fixing_another_under_its_identifier_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 2.June(2025), 10.June(2025)))
            .When(new FixAppointment(FirstAppointment, AppointmentKind.Accompaniment, 20.June(2025), 1.July(2025), Mds))
            .ThenRejected("appointment.id-taken");

    [Fact]
    public void Given_an_appointment_When_fixing_it_again_identically_Then_no_event() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Fixed(FirstAppointment, 2.June(2025), 10.June(2025)))
            .When(new FixAppointment(FirstAppointment, AppointmentKind.Accompaniment, 2.June(2025), 10.June(2025), Mds))
            .ThenNoEvent();
}
