using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_no_orientation_When_exiting_accompaniment_Then_rejected() =>
        Given(Entered(20.March(2025)))
            .When(new ExitAccompaniment(2.June(2025), "Emploi", true))
            .ThenRejected("orientation.required");

    [Fact]
    public void Given_a_contract_When_exiting_accompaniment_for_a_job_Then_exited() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Signed(26.May(2025)))
            .When(new ExitAccompaniment(27.June(2025), " CDI à temps plein ", true))
            .Then(new AccompanimentExited(27.June(2025), "CDI à temps plein", true));

    [Fact]
    public void Given_an_orientation_When_exiting_accompaniment_before_it_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new ExitAccompaniment(18.May(2025), "Déménagement", false))
            .ThenRejected("accompaniment-exit.before-orientation");

    [Fact]
    public void Given_an_orientation_When_exiting_accompaniment_without_a_reason_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new ExitAccompaniment(2.June(2025), "", false))
            .ThenRejected("reason.required");
}
