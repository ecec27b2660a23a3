using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_a_suspended_right_When_resuming_Then_resumed() =>
        Given(Entered(20.January(2025)), Suspended(1.April(2025)))
            .When(new ResumeRight(1.May(2025)))
            .Then(new RightResumed(1.May(2025)));

    [Fact]
    public void Given_an_open_right_When_resuming_Then_rejected() =>
        Given(Entered(20.January(2025)))
            .When(new ResumeRight(1.May(2025)))
            .ThenRejected("suspension.not-suspended");

    [Fact]
    public void Given_a_suspended_right_When_resuming_before_the_suspension_Then_rejected() =>
        Given(Entered(20.January(2025)), Suspended(1.April(2025)))
            .When(new ResumeRight(31.March(2025)))
            .ThenRejected("resumption.before-suspension");
}
