using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_nothing_When_changing_rights_and_duties_Then_rejected() =>
        Given()
            .When(new ChangeRightsAndDuties(2.June(2025), false))
            .ThenRejected("entry.required");

    [Fact]
    public void Given_a_person_subject_to_rights_and_duties_When_no_longer_subject_Then_changed() =>
        Given(Entered(20.May(2025), subjectToRightsAndDuties: true))
            .When(new ChangeRightsAndDuties(2.June(2025), false))
            .Then(new RightsAndDutiesChanged(2.June(2025), false));

    [Fact]
    public void Given_a_person_subject_to_rights_and_duties_When_declared_subject_again_Then_no_event() =>
        Given(Entered(20.May(2025), subjectToRightsAndDuties: true))
            .When(new ChangeRightsAndDuties(2.June(2025), true))
            .ThenNoEvent();

    [Fact]
    public void Given_an_entry_When_changing_before_the_entry_Then_rejected() =>
        Given(Entered(20.May(2025), subjectToRightsAndDuties: false))
            .When(new ChangeRightsAndDuties(19.May(2025), true))
            .ThenRejected("date.before-entry");
}
