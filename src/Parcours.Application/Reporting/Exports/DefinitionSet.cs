using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Catalogue;

namespace Parcours.Application.Reporting.Exports;

/// <summary>
/// A named set of built-in indicators reported together, in the order of its reporting table. Each entry can carry
/// the row number the official table gives it (CALPAE rows 1 to 6).
/// </summary>
/// <param name="Id">What users type: <c>calpae-2019</c>, <c>plein-emploi-2025</c>, <c>rdv-insertion</c>.</param>
/// <param name="Title">The set's title in reports (French).</param>
/// <param name="SheetName">The name of its XLSX sheet (31 characters at most).</param>
/// <param name="Entries">The definition ids in table order, with their row number if the table numbers them.</param>
public sealed record DefinitionSet(string Id, string Title, string SheetName, IReadOnlyList<(string DefinitionId, string? Row)> Entries)
{
    public static DefinitionSet Calpae2019 { get; } = new(
        "calpae-2019",
        "Convention CALPAE 2019",
        "CALPAE 2019",
        [.. BuiltInIndicators.Calpae2019.Select((d, i) => (d.Id, i < 6 ? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : (string?)null))]);

    public static DefinitionSet PleinEmploi2025 { get; } = new(
        "plein-emploi-2025",
        "Loi pour le plein emploi (délais 2025)",
        "Plein emploi 2025",
        [.. BuiltInIndicators.PleinEmploi2025.Select(d => (d.Id, (string?)null))]);

    public static DefinitionSet RdvInsertion { get; } = new(
        "rdv-insertion",
        "Indicateurs compatibles rdv-insertion",
        "rdv-insertion",
        [.. BuiltInIndicators.RdvInsertion.Select(d => (d.Id, (string?)null))]);

    /// <summary>Every set, in the order <c>all</c> reports them.</summary>
    public static IReadOnlyList<DefinitionSet> All { get; } = [Calpae2019, PleinEmploi2025, RdvInsertion];

    /// <summary>The value that selects every set.</summary>
    public const string AllSets = "all";

    /// <summary>The sets a user's choice names (a set id, or <c>all</c>); null when the choice is unknown.</summary>
    public static IReadOnlyList<DefinitionSet>? Parse(string? choice) =>
        string.Equals(choice?.Trim(), AllSets, StringComparison.OrdinalIgnoreCase)
            ? All
            : All.FirstOrDefault(s => string.Equals(s.Id, choice?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } set ? [set] : null;

    /// <summary>The accepted choices, for messages and help.</summary>
    public static IReadOnlyList<string> Choices { get; } = [.. All.Select(s => s.Id), AllSets];

    /// <summary>The definitions in force for this set (a département's override of a built-in id replaces it), in table order.</summary>
    public IReadOnlyList<IndicatorDefinition> Definitions(IndicatorCatalogue catalogue) => [.. Entries.Select(e => catalogue[e.DefinitionId])];

    /// <summary>The row number of a definition in this set's table, if the table numbers it.</summary>
    public string? RowOf(string definitionId) => Entries.FirstOrDefault(e => e.DefinitionId == definitionId).Row;
}
