namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>
/// Loi plein emploi (décret 2024-1244): a contract signed within one month of the notification of each orientation
/// decision; a new decision interrupts the window and opens its own. Any contract kind counts.
/// </summary>
public static class PleinEmploiContractDelay
{
    public const string Id = "plein-emploi-2025-contract-delay";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Contrats d'engagement signés dans le mois suivant la notification de l'orientation",
        Source = "Décret n° 2024-1244 du 30 décembre 2024 (contrat signé dans un délai d'1 mois à compter de la notification, interrompu par une nouvelle décision)",
        Start = Anchor.OrientationNotified,
        StartOccurrence = Occurrence.EachOrientationDecision,
        End = Anchor.ContractSigned,
        ContractKinds = IndicatorDefinition.AllContractKinds,
        Threshold = Threshold.Months(1, Bound.Inclusive),
        Cohort = Anchor.OrientationNotified,
    };
}
