using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Indicators.Definitions;

namespace Parcours.Domain.Indicators;

/// <summary>The definitions in force: the built-in ones, plus or overridden by a département's file.</summary>
public sealed class IndicatorCatalogue
{
    private readonly Dictionary<string, IndicatorDefinition> byId;

    private IndicatorCatalogue(IEnumerable<IndicatorDefinition> definitions)
    {
        byId = definitions.ToDictionary(d => d.Id);
        Definitions = [.. byId.Values.OrderBy(d => d.Id, StringComparer.Ordinal)];
    }

    public static IndicatorCatalogue BuiltIn { get; } = new(BuiltInIndicators.All);

    /// <summary>Every definition, by id: one list for the catalogue's life, not sorted again at each call (pages and endpoints ask for it at each request).</summary>
    public IReadOnlyList<IndicatorDefinition> Definitions { get; }

    public IndicatorDefinition this[string id] =>
        byId.TryGetValue(id, out var definition) ? definition : throw new KeyNotFoundException($"Indicateur inconnu : « {id} ».");

    /// <summary>
    /// Adds the file's definitions; one with the id of a definition already here overrides it and must carry a
    /// higher version (a changed meaning is a new version, so old and new figures are never confused).
    /// </summary>
    /// <exception cref="InvalidDefinitionFileException">An override does not raise the version.</exception>
    public IndicatorCatalogue With(IReadOnlyList<IndicatorDefinition> definitions)
    {
        var problems = definitions
            .Select((d, i) => (d, i))
            .Where(x => byId.TryGetValue(x.d.Id, out var current) && x.d.Version <= current.Version)
            .Select(x => new DefinitionProblem(
                $"definitions[{x.i}].version",
                $"« {x.d.Id} » remplace une définition existante en version {byId[x.d.Id].Version} : sa version doit être supérieure (reçu {x.d.Version})."))
            .ToList();
        if (problems.Count > 0) throw new InvalidDefinitionFileException(problems);
        var merged = new Dictionary<string, IndicatorDefinition>(byId);
        foreach (var definition in definitions) merged[definition.Id] = definition;
        return new IndicatorCatalogue(merged.Values);
    }

    /// <summary>Reads a département's file and applies it to the built-in definitions.</summary>
    public static IndicatorCatalogue FromFile(string json) => BuiltIn.With(DefinitionFile.Parse(json));
}
