namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>CALPAE row 2: new entrants whose first orientation decision falls within one calendar month of entry, both bounds included.</summary>
public static class CalpaeRow2OrientationDelay
{
    public const string Id = "calpae-2019-row-2-orientation-delay";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Nombre de nouveaux entrants orientés en 1 mois et moins",
        Source = "Convention CALPAE 2019 (Stratégie pauvreté), lecture opérationnelle des tableaux « Statistiques Plan Pauvreté » de WebRSA",
        Start = Anchor.EntryKnownOn,
        End = Anchor.OrientationDecided,
        Threshold = Threshold.Months(1, Bound.Inclusive),
        Cohort = Anchor.EntryKnownOn,
    };
}
