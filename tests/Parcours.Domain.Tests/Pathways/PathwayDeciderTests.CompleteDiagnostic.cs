using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_no_orientation_When_completing_a_diagnostic_Then_completed() =>
        Given(Entered(20.May(2025)))
            .When(new CompleteDiagnostic(28.May(2025), " Association Avenir "))
            .Then(new DiagnosticCompleted(28.May(2025), "Association Avenir"));

    [Fact]
    public void Given_nothing_When_completing_a_diagnostic_Then_rejected() =>
        Given()
            .When(new CompleteDiagnostic(28.May(2025), null))
            .ThenRejected("entry.required");

    [Fact]
    public void Given_an_entry_When_the_diagnostic_predates_it_Then_rejected() =>
        Given(Entered(20.May(2025)))
            .When(new CompleteDiagnostic(19.May(2025), null))
            .ThenRejected("date.before-entry");

    [Fact]
    public void Given_a_diagnostic_When_recording_it_again_Then_no_event() =>
        Given(Entered(20.May(2025)), new DiagnosticCompleted(28.May(2025), "Association Avenir"))
            .When(new CompleteDiagnostic(28.May(2025), "Association Avenir"))
            .ThenNoEvent();
}
