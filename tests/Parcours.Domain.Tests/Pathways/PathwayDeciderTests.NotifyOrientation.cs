using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_no_orientation_When_notifying_Then_rejected() =>
        Given(Entered(20.March(2025)))
            .When(new NotifyOrientation(2.June(2025)))
            .ThenRejected("orientation.required");

    [Fact]
    public void Given_an_unnotified_orientation_When_notifying_Then_notified() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new NotifyOrientation(19.May(2025)))
            .Then(new OrientationNotified(19.May(2025)));

    [Fact]
    public void Given_an_orientation_When_notifying_before_its_decision_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new NotifyOrientation(18.May(2025)))
            .ThenRejected("notification.before-decision");

    [Fact]
    public void Given_a_notified_orientation_When_notifying_on_another_date_Then_rejected_in_favour_of_a_correction() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025), notifiedOn: 21.May(2025)))
            .When(new NotifyOrientation(23.May(2025)))
            .ThenRejected("orientation.already-notified");

    [Fact]
    public void Given_a_notified_orientation_When_notifying_on_the_same_date_Then_no_event() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025), notifiedOn: 21.May(2025)))
            .When(new NotifyOrientation(21.May(2025)))
            .ThenNoEvent();

    [Fact]
    public void Given_a_notified_orientation_then_a_reorientation_When_notifying_Then_the_reorientation_is_notified() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025), notifiedOn: 21.May(2025)), Reoriented(10.June(2025)))
            .When(new NotifyOrientation(12.June(2025)))
            .Then(new OrientationNotified(12.June(2025)));

    [Fact]
    public void Given_a_reorientation_When_notifying_before_it_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Reoriented(10.June(2025)))
            .When(new NotifyOrientation(9.June(2025)))
            .ThenRejected("notification.before-decision");
}
