using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_nothing_When_exiting_the_rsa_Then_rejected() =>
        Given()
            .When(new ExitRsa(31.May(2025), "5"))
            .ThenRejected("entry.required");

    [Fact]
    public void Given_a_suspended_right_When_the_caf_closes_it_Then_exited() =>
        Given(Entered(20.March(2025)), Suspended(1.April(2025)))
            .When(new ExitRsa(31.May(2025), " 6 "))
            .Then(new RsaExited(31.May(2025), "6"));

    [Fact]
    public void Given_a_closed_right_When_closing_it_on_another_date_Then_rejected_in_favour_of_a_correction() =>
        Given(Entered(20.March(2025)), Exited(31.May(2025)))
            .When(new ExitRsa(30.June(2025), "5"))
            .ThenRejected("rsa.already-exited");

    [Fact]
    public void Given_a_closed_right_When_the_same_closure_arrives_again_Then_no_event() =>
        Given(Entered(20.March(2025)), Exited(31.May(2025)))
            .When(new ExitRsa(31.May(2025), "5"))
            .ThenNoEvent();

    [Fact]
    public void Given_a_closed_right_When_recording_any_later_step_Then_rejected() =>
        Given(Entered(20.March(2025)), Exited(31.May(2025)))
            .When(new SuspendRight(1.June(2025), null))
            .ThenRejected("rsa.exited");
}
