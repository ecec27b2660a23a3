using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_nothing_When_entering_weeks_late_Then_entered_with_text_normalised() =>
        Given()
            .When(new EnterRsa(3.April(2025), 20.May(2025), true, EntrySource.CafFlux, "  DT-SUD "))
            .Then(new RsaEntered(3.April(2025), 20.May(2025), true, EntrySource.CafFlux, "DT-SUD"));

    [Fact]
    public void Given_nothing_When_entering_with_a_blank_territory_Then_territory_is_unknown() =>
        Given()
            .When(new EnterRsa(30.June(2025), 30.June(2025), false, EntrySource.Manual, "   "))
            .Then(new RsaEntered(30.June(2025), 30.June(2025), false, EntrySource.Manual, null));

    [Fact]
    public void Given_nothing_When_entering_known_tomorrow_Then_rejected() =>
        Given()
            .When(new EnterRsa(30.June(2025), 1.July(2025), true, EntrySource.CafFlux, null))
            .ThenRejected("date.future");

    [Fact]
    public void Given_nothing_When_application_is_after_the_known_on_date_Then_rejected() =>
        Given()
            .When(new EnterRsa(21.May(2025), 20.May(2025), true, EntrySource.CafFlux, null))
            .ThenRejected("entry.application-after-known");

    [Fact]
    public void Given_an_open_case_When_entering_again_Then_rejected() =>
        Given(Entered(20.May(2025)))
            .When(new EnterRsa(2.June(2025), 20.June(2025), true, EntrySource.CafFlux, "DT-NORD"))
            .ThenRejected("entry.already-entered");

    [Fact]
    public void Given_an_open_case_When_the_same_entry_is_imported_again_Then_no_event() =>
        Given(Entered(20.May(2025)))
            .When(new EnterRsa(20.May(2025), 20.May(2025), true, EntrySource.CafFlux, "DT-NORD"))
            .ThenNoEvent();

    [Fact]
    public void Given_a_closed_case_When_entering_Then_rejected_in_favour_of_a_reentry() =>
        Given(Entered(20.January(2025)), Exited(31.March(2025)))
            .When(new EnterRsa(2.June(2025), 20.June(2025), true, EntrySource.CafFlux, null))
            .ThenRejected("entry.already-entered");
}
