namespace Parcours.Simulation.Identities;

/// <summary>
/// Made-up names, so that nobody mistakes a synthetic identity for a real one. They carry accents, ligatures and
/// apostrophes on purpose: the CAF flux is windows-1252, and these characters must survive the round trip.
/// </summary>
internal static class FakeNames
{
    public static IReadOnlyList<string> LastNames { get; } =
    [
        "FICTIVIER", "ÉCHANTILLON", "BRINDŒUF", "D'ESSAIMONT", "PÂQUEFAUX", "MÉNAGEOT-TEST", "LUNÉBOURG",
        "CASTELFAUX", "FAUXMONT", "SIMULÂTRE", "DÉMONSTRAT", "ÇAPOURVOIR", "NÉANTIER", "ÉPHÉMERIN",
        "PRÉTEXTIER", "IMAGINÔT", "SANSNOM", "L'EXEMPLAIRE", "CHIMÉRAC", "FANTASQUIN", "FIGURANTÈS", "ŒUVRELIN",
    ];

    public static IReadOnlyList<string> WomenFirstNames { get; } =
    [
        "Zéphyrine", "Maëlise", "Éloïsa", "Gaëtanne", "Bérénor", "Ysoldée", "Noëlla-Test", "Anaïsse", "Célestia", "Héloïne",
    ];

    public static IReadOnlyList<string> MenFirstNames { get; } =
    [
        "Hélidore", "Noëlan", "Théoric", "Joséphin-Test", "Aurélain", "Benoît-Fictif", "Cléomire", "Raphaël-Essai", "Gaëtor", "Évariste-Démo",
    ];
}
