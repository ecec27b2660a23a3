namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>CALPAE row 6: first contract signed within two calendar months of the first orientation, both bounds included; orientation month.</summary>
public static class CalpaeRow6ContractDelay
{
    public const string Id = "calpae-2019-row-6-contract-delay";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Nombre total de premiers CER signés dans les 2 mois",
        Source = "Convention CALPAE 2019 (Stratégie pauvreté), lecture opérationnelle des tableaux « Statistiques Plan Pauvreté » de WebRSA",
        Start = Anchor.OrientationDecided,
        End = Anchor.ContractSigned,
        ContractKinds = CalpaeContracts.Kinds,
        Threshold = Threshold.Months(2, Bound.Inclusive),
        Cohort = Anchor.OrientationDecided,
    };
}
