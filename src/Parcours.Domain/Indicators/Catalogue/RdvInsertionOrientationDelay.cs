namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>rdv-insertion "oriented in less than 45 days": first orientation appointment held strictly less than 45 days after entry; immature members left out.</summary>
public static class RdvInsertionOrientationDelay
{
    public const string Id = "rdv-insertion-orientation-delay";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Taux de bénéficiaires orientés en moins de 45 jours (compatible rdv-insertion)",
        Source = "rdv-insertion (GIP de l'inclusion), statistique « orientés en moins de 45 jours »",
        Start = Anchor.EntryKnownOn,
        End = Anchor.OrientationAppointmentHeld,
        Threshold = Threshold.Days(45, Bound.Exclusive),
        Cohort = Anchor.EntryKnownOn,
        Maturity = MaturityRule.ImmatureLeftOut,
    };
}
