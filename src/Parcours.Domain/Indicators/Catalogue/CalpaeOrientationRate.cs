namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>Taux d'orientation des SDD: a stock at the as-of date, the share of current SDD beneficiaries oriented in their current episode.</summary>
public static class CalpaeOrientationRate
{
    public const string Id = "calpae-2019-sdd-orientation-rate";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Taux d'orientation des bénéficiaires soumis aux droits et devoirs (stock à date)",
        Source = "Rapports d'exécution CALPAE (taux d'orientation des SDD à une date donnée)",
        Population = PopulationFilter.CurrentlySubject,
        Start = Anchor.EntryKnownOn,
        End = Anchor.OrientationDecided,
        Maturity = MaturityRule.Snapshot,
        Statistics = Statistics.Count | Statistics.Rate,
    };
}
