namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>
/// CALPAE row 5: first contracts after the first orientation, counted in the orientation month. CER and its
/// successor the contrat d'engagement count; the PPAE (France Travail's) does not.
/// </summary>
public static class CalpaeRow5FirstContracts
{
    public const string Id = "calpae-2019-row-5-first-contracts";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Nombre total de premiers CER",
        Source = "Convention CALPAE 2019 (Stratégie pauvreté), lecture opérationnelle des tableaux « Statistiques Plan Pauvreté » de WebRSA",
        Start = Anchor.OrientationDecided,
        End = Anchor.ContractSigned,
        ContractKinds = CalpaeContracts.Kinds,
        Cohort = Anchor.OrientationDecided,
        Statistics = Statistics.Count | Statistics.MeanDelay | Statistics.MedianDelay,
    };
}
