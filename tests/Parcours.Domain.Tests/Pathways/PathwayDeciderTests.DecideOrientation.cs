using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_an_entry_When_orienting_six_weeks_late_Then_oriented_with_text_normalised() =>
        Given(Entered(20.March(2025)))
            .When(new DecideOrientation(19.May(2025), 22.May(2025), Track.Social, "  MDS Toulouse Nord ", " ", OrientationChannel.Manager))
            .Then(new OrientationDecided(19.May(2025), 22.May(2025), Track.Social, Mds, null, OrientationChannel.Manager));

    [Fact]
    public void Given_nothing_When_orienting_Then_rejected() =>
        Given()
            .When(new DecideOrientation(19.May(2025), null, Track.Social, Mds, null, OrientationChannel.Manager))
            .ThenRejected("entry.required");

    [Fact]
    public void Given_an_entry_When_orienting_before_it_Then_rejected() =>
        Given(Entered(20.March(2025)))
            .When(new DecideOrientation(19.March(2025), null, Track.Social, Mds, null, OrientationChannel.Automatic))
            .ThenRejected("date.before-entry");

    [Fact]
    public void Given_an_entry_When_orienting_on_the_entry_day_Then_oriented() =>
        Given(Entered(20.March(2025)))
            .When(new DecideOrientation(20.March(2025), null, Track.Professional, FranceTravail, null, OrientationChannel.Automatic))
            .Then(new OrientationDecided(20.March(2025), null, Track.Professional, FranceTravail, null, OrientationChannel.Automatic));

    [Fact]
    public void Given_an_entry_When_orienting_tomorrow_Then_rejected() =>
        Given(Entered(20.March(2025)))
            .When(new DecideOrientation(1.July(2025), null, Track.Social, Mds, null, OrientationChannel.Manager))
            .ThenRejected("date.future");

    [Fact]
    public void Given_an_entry_When_the_notification_is_dated_tomorrow_Then_rejected() =>
        Given(Entered(20.March(2025)))
            .When(new DecideOrientation(30.June(2025), 1.July(2025), Track.Social, Mds, null, OrientationChannel.Manager))
            .ThenRejected("date.future");

    [Fact]
    public void Given_an_entry_When_notified_before_the_decision_Then_rejected() =>
        Given(Entered(20.March(2025)))
            .When(new DecideOrientation(19.May(2025), 18.May(2025), Track.Social, Mds, null, OrientationChannel.Manager))
            .ThenRejected("notification.before-decision");

    [Fact]
    public void Given_an_entry_When_orienting_to_a_blank_organisation_Then_rejected() =>
        Given(Entered(20.March(2025)))
            .When(new DecideOrientation(19.May(2025), null, Track.Social, "   ", null, OrientationChannel.Manager))
            .ThenRejected("organisation.required");

    [Fact]
    public void Given_an_orientation_When_orienting_again_Then_rejected_in_favour_of_a_reorientation() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new DecideOrientation(2.June(2025), null, Track.Professional, FranceTravail, null, OrientationChannel.Manager))
            .ThenRejected("orientation.already-decided");

    [Fact]
    public void Given_an_orientation_When_the_same_decision_is_recorded_again_Then_no_event() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new DecideOrientation(19.May(2025), null, Track.Social, Mds, null, OrientationChannel.Manager))
            .ThenNoEvent();

    [Fact]
    public void Given_a_closed_right_When_orienting_after_the_closure_Then_rejected() =>
        Given(Entered(20.March(2025)), Exited(31.May(2025)))
            .When(new DecideOrientation(2.June(2025), null, Track.Social, Mds, null, OrientationChannel.Manager))
            .ThenRejected("rsa.exited");

    [Fact]
    public void Given_a_closed_right_When_an_orientation_decided_before_the_closure_is_recorded_late_Then_oriented() =>
        Given(Entered(20.March(2025)), Exited(31.May(2025)))
            .When(new DecideOrientation(31.May(2025), null, Track.Social, Mds, null, OrientationChannel.Manager))
            .Then(new OrientationDecided(31.May(2025), null, Track.Social, Mds, null, OrientationChannel.Manager));
}
