namespace Parcours.Simulation.Generation;

/// <summary>The French free-text reasons that staff and the CAF put on steps (user-facing data, hence French).</summary>
internal static class Labels
{
    public static IReadOnlyList<string> Reorientation { get; } =
        ["Changement de situation", "Demande de la personne", "Avis de l'équipe pluridisciplinaire", "Parcours inadapté"];

    public static IReadOnlyList<string> PositiveExit { get; } = ["Reprise d'emploi", "Entrée en formation", "Création d'entreprise"];

    public static IReadOnlyList<string> OtherExit { get; } =
        ["Fin d'accompagnement sans solution", "Déménagement", "Abandon de l'accompagnement", "Changement de référent"];

    public static IReadOnlyList<string> Suspension { get; } =
        ["Déclaration trimestrielle non retournée", "Ressources supérieures au plafond", "Sanction pour non-respect des engagements"];

    public static IReadOnlyList<string> Closure { get; } =
        ["Ressources supérieures au plafond", "Radiation après suspension", "Déménagement hors département", "Renonciation au droit"];

    public const string WrongDate = "Date saisie erronée";
    public const string Duplicate = "Saisie en double";
}
