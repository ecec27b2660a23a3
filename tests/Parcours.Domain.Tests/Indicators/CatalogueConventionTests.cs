using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Catalogue;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>
/// Every catalogue entry (a static class with a <c>Definition</c> in Indicators/Catalogue) is listed in
/// <see cref="BuiltInIndicators.All"/>, has a section anchored by its id in docs/indicators.md and a test class
/// named after it, and the numbered cases of the section's table are exactly the test class's <c>CaseNN_</c> tests:
/// a worked example in the docs is a test, and a test is a worked example.
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

    [Theory]
    [MemberData(nameof(EntryNames))]
    public void Each_entry_documents_exactly_the_cases_its_test_class_checks(string entry)
    {
        var documented = CasesDocumented(File.ReadAllText(DocsPath()), DefinitionOf(entry).Id);
        var tested = typeof(CatalogueConventionTests).Assembly.GetType($"{typeof(CatalogueConventionTests).Namespace}.{entry}Tests")!
            .GetMethods().Select(m => Regex.Match(m.Name, @"^Case(\d+)_")).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToList();

        tested.ShouldNotBeEmpty($"{entry}Tests has no CaseNN_ test");
        documented.ShouldBe(tested, $"cases of the table in docs/indicators.md#{DefinitionOf(entry).Id} versus {entry}Tests");
    }

    [Fact]
    public void The_case_reader_reads_only_the_table_of_its_own_section()
    {
        const string docs = """
            <a id="a"></a>
            | cas | x |
            | --- | --- |
            | 1 | un |
            | 2 | deux |
            <a id="b"></a>
            | 3 | trois |
            """;

        CasesDocumented(docs, "a").ShouldBe([1, 2]);
        CasesDocumented(docs, "b").ShouldBe([3]);
    }

    /// <summary>The numbers in the first column of the table rows of a section (from its anchor to the next anchor or title).</summary>
    private static List<int> CasesDocumented(string docs, string id)
    {
        var start = docs.IndexOf($"<a id=\"{id}\"></a>", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"no section {id}");
        var rest = docs[(start + id.Length + 13)..];
        var end = Regex.Match(rest, @"<a id=|^## ", RegexOptions.Multiline);
        var section = end.Success ? rest[..end.Index] : rest;
        return [.. Regex.Matches(section, @"^\| (\d+) \|", RegexOptions.Multiline)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order()];
    }

    private static string DocsPath([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "docs", "indicators.md"));
}
