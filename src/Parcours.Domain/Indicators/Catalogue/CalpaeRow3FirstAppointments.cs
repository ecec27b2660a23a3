namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>CALPAE row 3: first accompaniment appointments fixed after the first orientation, counted in the orientation month.</summary>
public static class CalpaeRow3FirstAppointments
{
    public const string Id = "calpae-2019-row-3-first-appointments";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Nombre total de premiers rendez-vous d'accompagnement fixés",
        Source = "Convention CALPAE 2019 (Stratégie pauvreté), lecture opérationnelle des tableaux « Statistiques Plan Pauvreté » de WebRSA",
        Start = Anchor.OrientationDecided,
        End = Anchor.AccompanimentAppointmentFixed,
        Cohort = Anchor.OrientationDecided,
        Statistics = Statistics.Count | Statistics.MeanDelay | Statistics.MedianDelay,
    };
}
