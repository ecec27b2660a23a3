using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

public class CaseDeadlinesTests
{
    [Fact]
    public void A_case_lists_its_open_windows_soonest_first()
    {
        var history = new History().Entered(D(2025, 1, 6)).Oriented(D(2025, 1, 20), notifiedOn: D(2025, 1, 22));

        var deadlines = CaseDeadlines.Next(BuiltInIndicators.All, History.Case, history.Events, asOf: D(2025, 1, 25));

        deadlines.Select(d => (d.DefinitionId, d.LastDayOnTime)).ShouldBe(
        [
            (CalpaeRow4AppointmentDelay.Id, D(2025, 2, 3)),
            (RdvInsertionOrientationDelay.Id, D(2025, 2, 19)),
            (RdvInsertionAccompanimentDelay.Id, D(2025, 2, 18)),
            (PleinEmploiContractDelay.Id, D(2025, 2, 22)),
            (CalpaeRow6ContractDelay.Id, D(2025, 3, 20)),
        ], ignoreOrder: true);
        deadlines.Select(d => d.LastDayOnTime).ShouldBeInOrder();
        deadlines.ShouldNotContain(d => d.DefinitionId == CalpaeRow2OrientationDelay.Id);
    }

    [Fact]
    public void A_case_whose_windows_are_all_closed_has_no_next_deadline()
    {
        var history = new History().Entered(D(2024, 1, 6)).Exited(D(2024, 1, 20));

        CaseDeadlines.Next(BuiltInIndicators.All, History.Case, history.Events, asOf: D(2024, 6, 1)).ShouldBeEmpty();
    }
}
