namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>Délai moyen d'orientation reported beside the CALPAE rows: days from the RSA application to the first orientation (DREES definition), entry month.</summary>
public static class CalpaeMeanOrientationDelay
{
    public const string Id = "calpae-2019-mean-orientation-delay";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Délai moyen d'orientation (demande → première orientation, en jours)",
        Source = "Rapports d'exécution CALPAE ; définition DREES du délai d'orientation (demande → orientation)",
        Start = Anchor.ApplicationDate,
        End = Anchor.OrientationDecided,
        Cohort = Anchor.EntryKnownOn,
        Statistics = Statistics.MeanDelay | Statistics.MedianDelay,
    };
}
