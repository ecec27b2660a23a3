using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_a_closed_case_When_reentering_after_closure_Then_reentered() =>
        Given(Entered(20.January(2025)), Oriented(10.February(2025)), Exited(31.March(2025)))
            .When(new ReenterRsa(2.June(2025), 20.June(2025), true, EntrySource.CafFlux, null, ReentryGround.AfterClosure))
            .Then(new RsaReentered(2.June(2025), 20.June(2025), true, EntrySource.CafFlux, null, ReentryGround.AfterClosure));

    [Fact]
    public void Given_a_closed_case_When_reentering_before_the_closure_Then_rejected() =>
        Given(Entered(20.January(2025)), Exited(31.March(2025)))
            .When(new ReenterRsa(1.March(2025), 30.March(2025), true, EntrySource.CafFlux, null, ReentryGround.AfterClosure))
            .ThenRejected("reentry.before-exit");

    [Fact]
    public void Given_a_closed_case_When_reentering_on_the_ground_of_a_long_suspension_Then_rejected() =>
        Given(Entered(20.January(2025)), Exited(31.March(2025)))
            .When(new ReenterRsa(2.June(2025), 20.June(2025), true, EntrySource.CafFlux, null, ReentryGround.AfterLongSuspension))
            .ThenRejected("reentry.ground-mismatch");

    [Fact]
    public void Given_an_open_case_When_reentering_Then_rejected() =>
        Given(Entered(20.January(2025)))
            .When(new ReenterRsa(2.June(2025), 20.June(2025), true, EntrySource.CafFlux, null, ReentryGround.AfterClosure))
            .ThenRejected("reentry.case-open");

    [Fact]
    public void Given_nothing_When_reentering_Then_rejected() =>
        Given()
            .When(new ReenterRsa(2.June(2025), 20.June(2025), true, EntrySource.CafFlux, null, ReentryGround.AfterClosure))
            .ThenRejected("reentry.no-previous-entry");

    [Fact]
    public void Given_a_suspension_of_more_than_a_year_When_reentering_Then_reentered() =>
        Given(Entered(20.January(2024)), Suspended(15.March(2024)))
            .When(new ReenterRsa(16.March(2025), 16.March(2025), true, EntrySource.CafFlux, null, ReentryGround.AfterLongSuspension))
            .Then(new RsaReentered(16.March(2025), 16.March(2025), true, EntrySource.CafFlux, null, ReentryGround.AfterLongSuspension));

    [Fact]
    public void Given_a_suspension_of_exactly_one_year_When_reentering_Then_rejected() =>
        Given(Entered(20.January(2024)), Suspended(15.March(2024)))
            .When(new ReenterRsa(15.March(2025), 15.March(2025), true, EntrySource.CafFlux, null, ReentryGround.AfterLongSuspension))
            .ThenRejected("reentry.suspension-too-short");

    [Fact]
    public void Given_a_long_suspension_When_reentering_on_the_ground_of_a_closure_Then_rejected() =>
        Given(Entered(20.January(2024)), Suspended(15.March(2024)))
            .When(new ReenterRsa(16.March(2025), 16.March(2025), true, EntrySource.CafFlux, null, ReentryGround.AfterClosure))
            .ThenRejected("reentry.ground-mismatch");

    [Fact]
    public void Given_a_reentry_When_orienting_Then_first_orientation_of_the_new_episode() =>
        Given(Entered(20.January(2025)), Oriented(10.February(2025)), Exited(31.March(2025)), Reentered(20.June(2025), ReentryGround.AfterClosure))
            .When(new DecideOrientation(25.June(2025), null, Track.Social, Mds, null, OrientationChannel.Kiosk))
            .Then(new OrientationDecided(25.June(2025), null, Track.Social, Mds, null, OrientationChannel.Kiosk));

    [Fact]
    public void Given_a_reentry_When_recording_a_step_dated_in_the_previous_episode_Then_rejected() =>
        Given(Entered(20.January(2025)), Exited(31.March(2025)), Reentered(20.June(2025), ReentryGround.AfterClosure))
            .When(new CompleteDiagnostic(15.June(2025), Mds))
            .ThenRejected("date.before-entry");
}
