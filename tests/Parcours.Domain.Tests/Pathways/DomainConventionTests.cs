using System.Reflection;
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
