using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Tests.Pathways;

/// <summary>The domain stays pure: NodaTime types for time, and no dependency beyond NodaTime and the BCL.</summary>
public class DomainConventionTests
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Assembly Domain = typeof(PathwayDecider).Assembly;

    private static readonly Type[] ForbiddenTimeTypes = [typeof(DateTime), typeof(DateTimeOffset), typeof(TimeZoneInfo)];

    [Fact]
    public void No_domain_member_uses_DateTime_or_DateTimeOffset()
    {
        var offenders = Domain.GetTypes()
            .SelectMany(type => UsedTypes(type).Where(IsForbiddenTime).Select(used => $"{type.FullName} uses {used.Name}"))
            .Distinct()
            .ToList();

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void The_domain_references_only_NodaTime_and_the_base_class_library()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldContain("NodaTime");
        references.Where(name => name != "NodaTime" && !name.StartsWith("System", StringComparison.Ordinal)
                && name is not ("netstandard" or "mscorlib"))
            .ShouldBeEmpty();
    }

    /// <summary>
    /// Reflection sees signatures, not method bodies: this scan catches a clock read, a file opened or a random draw
    /// inside a method. Comments are ignored. (<c>CaseId.New</c> is the one sanctioned Guid source, used at the edge.)
    /// </summary>
    [Fact]
    public void No_domain_source_reads_the_clock_touches_files_or_draws_at_random()
    {
        var offenders = DomainSources()
            .SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line: StripComment(line), number: i + 1)))
            .Where(x => Forbidden.IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();

        DomainSources().Count.ShouldBeGreaterThan(50);
        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void The_domain_project_references_the_NodaTime_package_and_nothing_else()
    {
        var project = File.ReadAllText(Path.Combine(DomainDirectory(), "Parcours.Domain.csproj"));

        Regex.Matches(project, @"PackageReference Include=""([^""]+)""").Select(m => m.Groups[1].Value).ShouldBe(["NodaTime"]);
        project.ShouldNotContain("ProjectReference");
    }

    [Theory]
    [InlineData("var today = DateTime.Now.Date;")]
    [InlineData("var now = SystemClock.Instance.GetCurrentInstant();")]
    [InlineData("var json = File.ReadAllText(path);")]
    [InlineData("var pick = new Random().Next();")]
    public void The_source_scan_does_see_a_forbidden_call(string line) => Forbidden.IsMatch(line).ShouldBeTrue();

    private static readonly Regex Forbidden = new(
        @"\b(DateTime(Offset)?\.(Now|UtcNow|Today)|SystemClock|TimeProvider|Stopwatch|Environment\.TickCount|new Random\b|Random\.Shared|"
        + @"File\.|Directory\.|FileStream|StreamReader|StreamWriter|HttpClient|Console\.|Thread\.Sleep|Task\.Delay)");

    private static string StripComment(string line) => line.Trim().StartsWith("//", StringComparison.Ordinal) ? "" : line;

    private static List<string> DomainSources() =>
    [
        .. Directory.EnumerateFiles(DomainDirectory(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)),
    ];

    private static string DomainDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "src", "Parcours.Domain"));

    [Fact]
    public void The_convention_check_does_see_a_DateTime_when_there_is_one() =>
        UsedTypes(typeof(ClockReadingSample)).ShouldContain(typeof(DateTimeOffset));

    private static IEnumerable<Type> UsedTypes(Type type) =>
        type.GetFields(Declared).Select(f => f.FieldType)
            .Concat(type.GetProperties(Declared).Select(p => p.PropertyType))
            .Concat(type.GetMethods(Declared).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
            .Concat(type.GetConstructors(Declared).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)))
            .SelectMany(Unwrap);

    /// <summary>A type and what it is made of: Nullable&lt;T&gt;, arrays, generic arguments.</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        var inner = type.HasElementType ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : [];
        foreach (var part in inner.SelectMany(Unwrap))
        {
            yield return part;
        }
    }

    private static bool IsForbiddenTime(Type type) => ForbiddenTimeTypes.Contains(type);

    private sealed record ClockReadingSample(DateTimeOffset? RecordedAt);
}
