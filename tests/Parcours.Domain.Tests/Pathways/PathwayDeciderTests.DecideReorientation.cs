using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_no_orientation_When_reorienting_Then_rejected() =>
        Given(Entered(20.March(2025)))
            .When(new DecideReorientation(10.June(2025), null, Track.Professional, FranceTravail, null, OrientationChannel.Manager, "Projet d'emploi"))
            .ThenRejected("orientation.required");

    [Fact]
    public void Given_an_orientation_When_reorienting_Then_reoriented() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new DecideReorientation(10.June(2025), 11.June(2025), Track.Professional, FranceTravail, "Mme Martin", OrientationChannel.MultidisciplinaryTeam, " Projet d'emploi "))
            .Then(new ReorientationDecided(10.June(2025), 11.June(2025), Track.Professional, FranceTravail, "Mme Martin", OrientationChannel.MultidisciplinaryTeam, "Projet d'emploi"));

    [Fact]
    public void Given_an_orientation_When_reorienting_before_it_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new DecideReorientation(18.May(2025), null, Track.Professional, FranceTravail, null, OrientationChannel.Manager, "Projet d'emploi"))
            .ThenRejected("reorientation.before-orientation");

    [Fact]
    public void Given_an_orientation_When_reorienting_to_the_same_track_organisation_and_referent_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new DecideReorientation(10.June(2025), null, Track.Social, "mds toulouse nord", null, OrientationChannel.Manager, "Erreur"))
            .ThenRejected("reorientation.no-change");

    [Fact]
    public void Given_an_orientation_When_changing_only_the_referent_Then_reoriented() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new DecideReorientation(10.June(2025), null, Track.Social, Mds, "M. Garcia", OrientationChannel.Manager, "Changement de référent"))
            .Then(new ReorientationDecided(10.June(2025), null, Track.Social, Mds, "M. Garcia", OrientationChannel.Manager, "Changement de référent"));

    [Fact]
    public void Given_an_orientation_When_reorienting_without_a_reason_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new DecideReorientation(10.June(2025), null, Track.Professional, FranceTravail, null, OrientationChannel.Manager, "  "))
            .ThenRejected("reason.required");
}
