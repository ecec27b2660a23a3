using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_an_open_right_When_suspending_Then_suspended() =>
        Given(Entered(20.January(2025)))
            .When(new SuspendRight(1.April(2025), " "))
            .Then(new RightSuspended(1.April(2025), null));

    [Fact]
    public void Given_a_suspended_right_When_suspending_on_another_date_Then_rejected() =>
        Given(Entered(20.January(2025)), Suspended(1.April(2025)))
            .When(new SuspendRight(1.May(2025), null))
            .ThenRejected("suspension.already-suspended");

    [Fact]
    public void Given_a_suspended_right_When_the_same_suspension_arrives_again_Then_no_event() =>
        Given(Entered(20.January(2025)), Suspended(1.April(2025)))
            .When(new SuspendRight(1.April(2025), "Ressources trimestrielles non déclarées"))
            .ThenNoEvent();

    [Fact]
    public void Given_a_resumed_right_When_suspending_again_Then_suspended() =>
        Given(Entered(20.January(2025)), Suspended(1.April(2025)), Resumed(1.May(2025)))
            .When(new SuspendRight(1.June(2025), null))
            .Then(new RightSuspended(1.June(2025), null));

    [Fact]
    public void Given_an_open_right_When_suspending_tomorrow_Then_rejected() =>
        Given(Entered(20.January(2025)))
            .When(new SuspendRight(1.July(2025), null))
            .ThenRejected("date.future");
}
