using System.Reflection;
using System.Runtime.CompilerServices;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Catalogue;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>
/// Every catalogue entry (a static class with a <c>Definition</c> in Indicators/Catalogue) is listed in
/// <see cref="BuiltInIndicators.All"/>, has a section anchored by its id in docs/indicators.md and a test class
/// named after it.
/// </summary>
public class CatalogueConventionTests
{
    private static readonly Type[] CatalogueEntries = typeof(BuiltInIndicators).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(BuiltInIndicators).Namespace && t.IsAbstract && t.IsSealed)
        .Where(t => t.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)?.PropertyType == typeof(IndicatorDefinition))
        .ToArray();

    public static TheoryData<string> EntryNames() => [.. CatalogueEntries.Select(t => t.Name)];

    private static IndicatorDefinition DefinitionOf(string entry) =>
        (IndicatorDefinition)CatalogueEntries.Single(t => t.Name == entry).GetProperty("Definition")!.GetValue(null)!;

    [Fact]
    public void The_catalogue_lists_every_entry()
    {
        CatalogueEntries.Length.ShouldBe(13);
        BuiltInIndicators.All.ShouldBe(CatalogueEntries.Select(t => DefinitionOf(t.Name)), ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(EntryNames))]
    public void Each_entry_has_a_section_in_the_indicator_docs(string entry)
    {
        var docs = File.ReadAllText(DocsPath());

        docs.ShouldContain($"<a id=\"{DefinitionOf(entry).Id}\"></a>", customMessage: $"docs/indicators.md has no section for {entry}");
    }

    [Theory]
    [MemberData(nameof(EntryNames))]
    public void Each_entry_has_a_test_class(string entry)
    {
        typeof(CatalogueConventionTests).Assembly.GetType($"{typeof(CatalogueConventionTests).Namespace}.{entry}Tests")
            .ShouldNotBeNull($"no test class {entry}Tests");
    }

    private static string DocsPath([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "docs", "indicators.md"));
}
