namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>CALPAE row 1: new entrants soumis aux droits et devoirs, counted in the month the département learned of them.</summary>
public static class CalpaeRow1NewEntrants
{
    public const string Id = "calpae-2019-row-1-new-entrants";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Nombre de nouveaux entrants (SDD)",
        Source = "Convention CALPAE 2019 (Stratégie pauvreté), lecture opérationnelle des tableaux « Statistiques Plan Pauvreté » de WebRSA",
        Start = Anchor.EntryKnownOn,
        Cohort = Anchor.EntryKnownOn,
        Statistics = Statistics.Count,
        Breakdowns = [Breakdown.Territory],
    };
}
