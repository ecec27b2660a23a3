using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_a_diagnostic_When_retracting_it_Then_retracted_today() =>
        Given(Entered(20.March(2025)), new DiagnosticCompleted(28.May(2025), null))
            .When(new RetractStep(2, " Saisi sur le mauvais dossier "))
            .Then(new StepRetracted(2, "Saisi sur le mauvais dossier", Today));

    [Fact]
    public void Given_a_step_When_retracting_without_a_reason_Then_rejected() =>
        Given(Entered(20.March(2025)), new DiagnosticCompleted(28.May(2025), null))
            .When(new RetractStep(2, ""))
            .ThenRejected("reason.required");

    [Fact]
    public void Given_two_steps_When_retracting_version_3_Then_rejected() =>
        Given(Entered(20.March(2025)), new DiagnosticCompleted(28.May(2025), null))
            .When(new RetractStep(3, "Doublon"))
            .ThenRejected("retraction.target-unknown");

    [Fact]
    public void Given_a_retracted_step_When_retracting_it_again_Then_rejected() =>
        Given(Entered(20.March(2025)), new DiagnosticCompleted(28.May(2025), null), new StepRetracted(2, "Doublon", 29.May(2025)))
            .When(new RetractStep(2, "Doublon"))
            .ThenRejected("retraction.target-retracted");

    [Fact]
    public void Given_a_retraction_When_retracting_the_retraction_Then_rejected() =>
        Given(Entered(20.March(2025)), new DiagnosticCompleted(28.May(2025), null), new StepRetracted(2, "Doublon", 29.May(2025)))
            .When(new RetractStep(3, "Erreur"))
            .ThenRejected("retraction.target-not-a-step");

    [Fact]
    public void Given_an_entry_with_later_steps_When_retracting_the_entry_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new RetractStep(1, "Mauvais dossier"))
            .ThenRejected("retraction.inconsistent")
            .Cause.ShouldNotBeNull().Code.ShouldBe("entry.required");

    [Fact]
    public void Given_an_entry_alone_When_retracting_it_Then_retracted() =>
        Given(Entered(20.March(2025)))
            .When(new RetractStep(1, "Mauvais dossier"))
            .Then(new StepRetracted(1, "Mauvais dossier", Today));

    [Fact]
    public void Given_a_contract_When_retracting_its_orientation_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Signed(26.May(2025)))
            .When(new RetractStep(2, "Orientation saisie par erreur"))
            .ThenRejected("retraction.inconsistent")
            .Cause.ShouldNotBeNull().Code.ShouldBe("orientation.required");

    [Fact]
    public void Given_an_entry_whose_later_steps_are_retracted_When_retracting_the_entry_Then_retracted() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), new StepRetracted(2, "Erreur", 20.May(2025)))
            .When(new RetractStep(1, "Mauvais dossier"))
            .Then(new StepRetracted(1, "Mauvais dossier", Today));
}
