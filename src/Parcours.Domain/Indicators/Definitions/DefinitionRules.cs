using System.Text.RegularExpressions;
using NodaTime;

namespace Parcours.Domain.Indicators.Definitions;

/// <summary>
/// The rules every definition must follow, built-in or from a département's file. Fields are named as in the JSON
/// file, under <paramref name="path"/>.
/// </summary>
public static partial class DefinitionRules
{
    public static IEnumerable<DefinitionProblem> Check(IndicatorDefinition d, string path = "")
    {
        string F(string field) => path.Length == 0 ? field : $"{path}.{field}";
        if (string.IsNullOrWhiteSpace(d.Id))
            yield return new(F("id"), "identifiant manquant.");
        else if (!IdPattern().IsMatch(d.Id))
            yield return new(F("id"), $"« {d.Id} » n'est pas un identifiant valide (minuscules, chiffres et tirets, ex. « cd31-orientation-30-jours »).");
        if (d.Version < 1)
            yield return new(F("version"), $"la version doit être un entier supérieur ou égal à 1 (reçu {d.Version}).");
        if (string.IsNullOrWhiteSpace(d.Label))
            yield return new(F("label"), "libellé manquant.");
        if (string.IsNullOrWhiteSpace(d.Source))
            yield return new(F("source"), "source manquante (convention, texte ou décision qui fonde l'indicateur).");
        if (d.End == d.Start)
            yield return new(F("end"), "l'événement de fin doit différer de l'événement de début.");
        if (d.StartOccurrence == Occurrence.EachOrientationDecision && d.Start is not (Anchor.OrientationDecided or Anchor.OrientationNotified))
            yield return new(F("startOccurrence"), "« eachOrientationDecision » exige un début « orientationDecided » ou « orientationNotified ».");
        if (d.Threshold is { } threshold)
        {
            foreach (var problem in CheckPeriod(threshold.Period, F("threshold.period"))) yield return problem;
            if (d.End is null)
                yield return new(F("threshold"), "un seuil exige un événement de fin (« end »).");
        }
        if ((d.Start == Anchor.ContractSigned || d.End == Anchor.ContractSigned) && d.ContractKinds.Count == 0)
            yield return new(F("contractKinds"), "au moins un type de contrat est nécessaire quand un contrat est l'événement mesuré.");
        foreach (var problem in CheckMaturity(d, F)) yield return problem;
        if (d.Breakdowns.Distinct().Count() != d.Breakdowns.Count)
            yield return new(F("breakdowns"), "une ventilation est citée deux fois.");
    }

    private static IEnumerable<DefinitionProblem> CheckMaturity(IndicatorDefinition d, Func<string, string> F)
    {
        if (d.Maturity == MaturityRule.Snapshot)
        {
            if (d.Cohort is not null)
                yield return new(F("cohort"), "un indicateur de stock (« snapshot ») est compté dans le mois de la date d'arrêté : ne pas donner de « cohort ».");
            if (d.Threshold is not null)
                yield return new(F("threshold"), "un indicateur de stock (« snapshot ») n'a pas de seuil.");
            if (d.End is null)
                yield return new(F("end"), "un indicateur de stock (« snapshot ») exige un événement de fin.");
            yield break;
        }
        if (d.Cohort is not { } cohort)
            yield return new(F("cohort"), "mois de cohorte manquant.");
        else if (cohort != d.Start && cohort is not (Anchor.EntryKnownOn or Anchor.ApplicationDate))
            yield return new(F("cohort"), $"la cohorte doit être « entryKnownOn », « applicationDate » ou l'événement de début (reçu « {Names.Of(cohort)} »).");
        if (d.Maturity == MaturityRule.ImmatureLeftOut && d.Threshold is null)
            yield return new(F("maturity"), "« immatureLeftOut » exige un seuil : la maturité se mesure à l'échéance.");
    }

    /// <summary>A threshold is a positive calendar period: years, months, weeks, days; no negative part, no time of day.</summary>
    public static IEnumerable<DefinitionProblem> CheckPeriod(Period period, string field)
    {
        if (period.HasTimeComponent)
            yield return new(field, $"« {period} » contient des heures ou des minutes ; un seuil se compte en jours, semaines, mois ou années.");
        if (period.Years < 0 || period.Months < 0 || period.Weeks < 0 || period.Days < 0)
            yield return new(field, $"seuil négatif (« {period} ») ; un seuil doit être positif.");
        else if (period.Equals(Period.Zero) || !period.HasDateComponent)
            yield return new(field, "seuil nul ; un seuil doit être positif.");
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
