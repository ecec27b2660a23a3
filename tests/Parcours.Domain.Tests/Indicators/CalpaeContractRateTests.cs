using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>Taux de contractualisation: a stock at the as-of date over current SDD beneficiaries already oriented.</summary>
public class CalpaeContractRateTests
{
    private static readonly IndicatorDefinition Definition = CalpaeContractRate.Definition;

    [Fact]
    public void Case01_oriented_with_a_contract_of_any_kind_counts()
    {
        var history = new History().Entered(D(2024, 1, 2)).Oriented(D(2024, 1, 20)).Contract(D(2024, 2, 10), ContractKind.Ppae);

        Evaluate.Single(Definition, history, asOf: D(2024, 6, 30)).Outcome.ShouldBe(Outcome.Met);
    }

    [Fact]
    public void Case02_oriented_without_a_contract_is_in_the_denominator_only()
    {
        var history = new History().Entered(D(2024, 1, 2)).Oriented(D(2024, 1, 20));

        Evaluate.Single(Definition, history, asOf: D(2024, 6, 30)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case03_a_person_not_oriented_is_not_in_the_population()
    {
        var history = new History().Entered(D(2024, 1, 2));

        Evaluate.Single(Definition, history, asOf: D(2024, 6, 30)).Reason.ShouldBe(OutcomeReason.StartNotReached);
    }
}
