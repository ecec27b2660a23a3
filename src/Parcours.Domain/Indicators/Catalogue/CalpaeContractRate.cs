namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>Taux de contractualisation: a stock at the as-of date, the share of current oriented SDD beneficiaries with a contract signed since their first orientation.</summary>
public static class CalpaeContractRate
{
    public const string Id = "calpae-2019-contract-rate";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Taux de contractualisation des bénéficiaires orientés (stock à date)",
        Source = "Rapports d'exécution CALPAE (taux de contractualisation)",
        Population = PopulationFilter.CurrentlySubject,
        Start = Anchor.OrientationDecided,
        End = Anchor.ContractSigned,
        ContractKinds = IndicatorDefinition.AllContractKinds,
        Maturity = MaturityRule.Snapshot,
        Statistics = Statistics.Count | Statistics.Rate,
    };
}
