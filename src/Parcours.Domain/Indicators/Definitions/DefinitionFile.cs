using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators.Definitions;

/// <summary>
/// Reads a département's definition file (format and example in docs/indicators.md). Every problem is collected
/// and reported together, each naming its field; nothing is guessed: an unknown property is an error (a typo
/// silently ignored would change a published figure).
/// </summary>
public static class DefinitionFile
{
    private static readonly HashSet<string> KnownProperties =
    [
        "id", "version", "label", "source", "population", "start", "startOccurrence", "end", "contractKinds",
        "threshold", "cohort", "statistics", "maturity", "breakdowns",
    ];

    /// <exception cref="InvalidDefinitionFileException">The file is not valid JSON or a definition breaks a rule.</exception>
    public static IReadOnlyList<IndicatorDefinition> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDefinitionFileException([new("(fichier)", $"JSON illisible, ligne {e.LineNumber + 1} : {e.Message}")]);
        }
        using (document)
        {
            var problems = new List<DefinitionProblem>();
            var definitions = new List<IndicatorDefinition>();
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("definitions", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDefinitionFileException([new("definitions", "le fichier doit être un objet avec un tableau « definitions ».")]);
            }
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                var reader = new Reader($"definitions[{index++}]", problems);
                if (reader.Definition(element) is { } definition)
                {
                    definitions.Add(definition);
                }
            }
            foreach (var duplicate in definitions.GroupBy(d => d.Id).Where(g => g.Count() > 1))
            {
                problems.Add(new("definitions", $"identifiant « {duplicate.Key} » défini {duplicate.Count()} fois."));
            }
            return problems.Count > 0 ? throw new InvalidDefinitionFileException(problems) : definitions;
        }
    }

    private sealed class Reader(string path, List<DefinitionProblem> problems)
    {
        private string F(string field) => $"{path}.{field}";

        public IndicatorDefinition? Definition(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(path, "chaque définition doit être un objet JSON."));
                return null;
            }
            var before = problems.Count;
            foreach (var property in e.EnumerateObject().Where(p => !KnownProperties.Contains(p.Name)))
            {
                problems.Add(new(F(property.Name), $"propriété inconnue ; propriétés possibles : {string.Join(", ", KnownProperties)}."));
            }
            var id = String(e, "id", required: true);
            var version = Int(e, "version");
            var label = String(e, "label", required: true);
            var source = String(e, "source", required: true);
            var start = Enum<Anchor>(e, "start", required: true);
            var definition = new IndicatorDefinition
            {
                Id = id ?? "",
                Version = version ?? 0,
                Label = label ?? "",
                Source = source ?? "",
                Start = start ?? Anchor.EntryKnownOn,
                Population = Population(e),
                StartOccurrence = Enum<Occurrence>(e, "startOccurrence") ?? Occurrence.First,
                End = Enum<Anchor>(e, "end"),
                ContractKinds = EnumSet<ContractKind>(e, "contractKinds") ?? IndicatorDefinition.AllContractKinds,
                Threshold = Threshold(e),
                Cohort = Enum<Anchor>(e, "cohort"),
                Maturity = Enum<MaturityRule>(e, "maturity") ?? MaturityRule.PendingInDenominator,
                Statistics = EnumSet<Statistics>(e, "statistics")?.Aggregate((Statistics)0, (a, s) => a | s) ?? Statistics.All,
                Breakdowns = EnumList<Breakdown>(e, "breakdowns") ?? [Breakdown.Territory, Breakdown.Track, Breakdown.Organisation],
            };
            if (version is null && !problems.Skip(before).Any(p => p.Field == F("version")))
            {
                problems.Add(new(F("version"), "version manquante (entier ≥ 1)."));
            }
            if (problems.Count > before)
            {
                return null;
            }
            problems.AddRange(DefinitionRules.Check(definition, path));
            return problems.Count > before ? null : definition;
        }

        private PopulationFilter Population(JsonElement e)
        {
            if (!e.TryGetProperty("population", out var p)) return PopulationFilter.NewEntrantsSubjectAtEntry;
            var rule = Enum<RightsAndDutiesRule>(p, "rightsAndDuties", required: false, "population.rightsAndDuties") ?? RightsAndDutiesRule.AtEntry;
            var open = p.TryGetProperty("openAtAsOf", out var o) && o.ValueKind == JsonValueKind.True;
            return new PopulationFilter(rule, open);
        }

        private Threshold? Threshold(JsonElement e)
        {
            if (!e.TryGetProperty("threshold", out var t) || t.ValueKind == JsonValueKind.Null) return null;
            var text = String(t, "period", required: true, "threshold.period");
            var bound = Enum<Bound>(t, "bound", required: true, "threshold.bound");
            if (text is null || bound is null) return null;
            var parsed = PeriodPattern.Roundtrip.Parse(text);
            if (!parsed.Success)
            {
                problems.Add(new(F("threshold.period"), $"« {text} » n'est pas une durée ISO 8601 (ex. « P1M » pour 1 mois, « P2W » pour 2 semaines, « P30D » pour 30 jours)."));
                return null;
            }
            var period = parsed.Value;
            var periodProblems = DefinitionRules.CheckPeriod(period, F("threshold.period")).ToList();
            problems.AddRange(periodProblems);
            return periodProblems.Count > 0 ? null : new Threshold(period, bound.Value);
        }

        private string? String(JsonElement e, string name, bool required = false, string? field = null)
        {
            if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required) problems.Add(new(F(field ?? name), "valeur manquante."));
                return null;
            }
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            problems.Add(new(F(field ?? name), $"une chaîne de caractères est attendue (reçu {value.ValueKind})."));
            return null;
        }

        private int? Int(JsonElement e, string name)
        {
            if (!e.TryGetProperty(name, out var value)) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
            problems.Add(new(F(name), $"un entier est attendu (reçu {value.GetRawText()})."));
            return null;
        }

        private T? Enum<T>(JsonElement e, string name, bool required = false, string? field = null) where T : struct, System.Enum =>
            String(e, name, required, field) is { } text ? Parse<T>(text, field ?? name) : null;

        private T? Parse<T>(string text, string field) where T : struct, System.Enum
        {
            if (Names.TryParse<T>(text, out var value)) return value;
            problems.Add(new(F(field), $"valeur inconnue « {text} » ; valeurs possibles : {Names.Choices<T>()}."));
            return null;
        }

        private List<T>? EnumList<T>(JsonElement e, string name) where T : struct, System.Enum
        {
            if (!e.TryGetProperty(name, out var array)) return null;
            if (array.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new(F(name), "un tableau est attendu."));
                return null;
            }
            return [.. array.EnumerateArray().Select(item => Parse<T>(item.GetString() ?? "", name)).OfType<T>()];
        }

        private HashSet<T>? EnumSet<T>(JsonElement e, string name) where T : struct, System.Enum =>
            EnumList<T>(e, name) is { } list ? [.. list] : null;
    }
}
