using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>CALPAE row 5: first contract (CER or contrat d'engagement, not PPAE) after the first orientation.</summary>
public class CalpaeRow5FirstContractsTests
{
    private static readonly IndicatorDefinition Definition = CalpaeRow5FirstContracts.Definition;

    [Theory]
    [InlineData(ContractKind.Cer, Outcome.Met)]
    [InlineData(ContractKind.EngagementContract, Outcome.Met)]
    [InlineData(ContractKind.Ppae, Outcome.Pending)]
    public void Case01_a_cer_or_an_engagement_contract_counts_a_ppae_does_not(ContractKind kind, Outcome expected)
    {
        var history = new History().Entered(D(2024, 1, 5)).Oriented(D(2024, 1, 20)).Contract(D(2024, 3, 12), kind);

        Evaluate.Single(Definition, history, asOf: D(2024, 6, 1)).Outcome.ShouldBe(expected);
    }

    [Fact]
    public void Case02_a_contract_signed_in_march_for_a_january_orientation_counts_in_january()
    {
        var history = new History().Entered(D(2024, 1, 5)).Oriented(D(2024, 1, 20)).Contract(D(2024, 3, 12));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Cohort.ShouldBe(M(2024, 1));
        result.DelayDays.ShouldBe(52);
    }
}
