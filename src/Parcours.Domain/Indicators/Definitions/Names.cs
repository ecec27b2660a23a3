namespace Parcours.Domain.Indicators.Definitions;

/// <summary>The JSON spelling of enum values: camelCase of the C# name (<c>EntryKnownOn</c> → <c>entryKnownOn</c>).</summary>
public static class Names
{
    public static string Of<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return text is not null
            && !char.IsDigit(text.FirstOrDefault())
            && Enum.TryParse(text, ignoreCase: true, out value)
            && Enum.IsDefined(value);
    }

    public static string Choices<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Of));
}
