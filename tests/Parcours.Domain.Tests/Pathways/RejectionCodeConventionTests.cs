using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Parcours.Domain.Tests.Pathways;

/// <summary>
/// Every rejection code the decider can give is part of the public contract: each one is explained in docs/events.md
/// and pinned by at least one test that expects it. Codes are read from the source of the rules (a source scan, as
/// codes built from a prefix cannot be listed by reflection).
/// </summary>
public class RejectionCodeConventionTests
{
    public static TheoryData<string> Codes() => [.. AllCodes()];

    [Fact]
    public void The_scan_finds_the_codes_of_every_kind_of_rule()
    {
        var codes = AllCodes();

        codes.ShouldContain("date.future");
        codes.ShouldContain("contract.before-orientation");
        codes.ShouldContain("correction.inconsistent");
        codes.ShouldContain("retraction.target-unknown");
        codes.ShouldContain("reason.required");
        codes.Count.ShouldBeGreaterThan(40);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_code_is_explained_in_the_event_catalogue(string code)
    {
        var events = File.ReadAllText(Path.Combine(Root(), "docs", "events.md"));
        events.ShouldContain($"`{code}`", customMessage: $"docs/events.md does not explain `{code}`");
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_code_is_expected_by_a_test(string code)
    {
        var testSources = Directory.EnumerateFiles(Path.Combine(Root(), "tests", "Parcours.Domain.Tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(nameof(RejectionCodeConventionTests) + ".cs", StringComparison.Ordinal))
            .Select(File.ReadAllText);

        testSources.Any(text => text.Contains($"\"{code}\"", StringComparison.Ordinal)).ShouldBeTrue($"no test expects \"{code}\"");
    }

    private static SortedSet<string> AllCodes()
    {
        var pathways = Path.Combine(Root(), "src", "Parcours.Domain", "Pathways");
        var rejections = File.ReadAllText(Path.Combine(pathways, "PathwayRejections.cs"));
        var rules = File.ReadAllText(Path.Combine(pathways, "StepRules.cs"))
                    + File.ReadAllText(Path.Combine(pathways, "StepValues.cs"))
                    + File.ReadAllText(Path.Combine(pathways, "PathwayDecider.Corrections.cs"));
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in Regex.Matches(rejections + rules, "\"([a-z]+(?:-[a-z]+)*\\.[a-z]+(?:-[a-z0-9]+)*)\"")) codes.Add(m.Groups[1].Value);
        foreach (Match m in Regex.Matches(rejections, @"new\(\$""\{prefix\}\.([a-z-]+)""")) { codes.Add($"correction.{m.Groups[1].Value}"); codes.Add($"retraction.{m.Groups[1].Value}"); }
        foreach (Match m in Regex.Matches(rules, @"Required\(""([a-zA-Z]+)""")) codes.Add($"{m.Groups[1].Value}.required");
        return codes;
    }

    private static string Root([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
