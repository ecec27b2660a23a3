namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>Loi plein emploi (décret 2024-1244): first orientation decision within 6 weeks of the day the département learned of the entry, bound included.</summary>
public static class PleinEmploiOrientationDelay
{
    public const string Id = "plein-emploi-2025-orientation-delay";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Bénéficiaires orientés dans les 6 semaines",
        Source = "Décret n° 2024-1244 du 30 décembre 2024 (orientation dans un délai de 6 semaines)",
        Start = Anchor.EntryKnownOn,
        End = Anchor.OrientationDecided,
        Threshold = Threshold.Weeks(6, Bound.Inclusive),
        Cohort = Anchor.EntryKnownOn,
    };
}
