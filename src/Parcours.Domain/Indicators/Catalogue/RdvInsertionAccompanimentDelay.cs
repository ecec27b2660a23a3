namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>rdv-insertion "accompanied in less than 30 days": first accompaniment appointment held strictly less than 30 days after the first orientation; immature members left out.</summary>
public static class RdvInsertionAccompanimentDelay
{
    public const string Id = "rdv-insertion-accompaniment-delay";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Taux de bénéficiaires accompagnés en moins de 30 jours (compatible rdv-insertion)",
        Source = "rdv-insertion (GIP de l'inclusion), statistique « accompagnés en moins de 30 jours »",
        Start = Anchor.OrientationDecided,
        End = Anchor.AccompanimentAppointmentHeld,
        Threshold = Threshold.Days(30, Bound.Exclusive),
        Cohort = Anchor.OrientationDecided,
        Maturity = MaturityRule.ImmatureLeftOut,
    };
}
