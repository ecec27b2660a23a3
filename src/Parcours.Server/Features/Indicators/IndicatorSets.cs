using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Catalogue;

namespace Parcours.Server.Features.Indicators;

/// <summary>
/// The definition sets a report can ask for (<c>?set=</c>), by the ids of their built-in definitions; each id is then
/// taken from the catalogue in force, so a département's overriding version is the one reported.
/// </summary>
public static class IndicatorSets
{
    public const string Default = "calpae-2019";

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Ids { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["calpae-2019"] = [.. BuiltInIndicators.Calpae2019.Select(d => d.Id)],
        ["plein-emploi-2025"] = [.. BuiltInIndicators.PleinEmploi2025.Select(d => d.Id)],
        ["rdv-insertion"] = [.. BuiltInIndicators.RdvInsertion.Select(d => d.Id)],
    };

    /// <summary>"all" gives every definition of the catalogue (built-in and the département's own).</summary>
    public const string All = "all";

    public static IReadOnlyList<string> Names { get; } = [.. Ids.Keys, All];

    public static IReadOnlyList<IndicatorDefinition>? Resolve(string set, IndicatorCatalogue catalogue) =>
        set == All ? catalogue.Definitions
        : Ids.TryGetValue(set, out var ids) ? [.. ids.Select(id => catalogue[id])]
        : null;
}
