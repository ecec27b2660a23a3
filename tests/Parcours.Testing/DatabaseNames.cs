using System.Globalization;
using System.Text;

namespace Parcours.Testing;

/// <summary>Turns a free-form hint (a test class name) into a PostgreSQL identifier of at most 63 bytes.</summary>
public static class DatabaseNames
{
    public const int MaxLength = 63;

    /// <summary>
    /// Lower case ASCII letters, digits and single underscores; accents are dropped (é → e); never starts
    /// with a digit; <c>test</c> when nothing usable is left.
    /// </summary>
    public static string Sanitize(string hint)
    {
        var result = new StringBuilder();
        foreach (var c in hint.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var keep = c is >= 'a' and <= 'z' or >= '0' and <= '9';
            if (keep)
            {
                result.Append(c);
            }
            else if (result.Length > 0 && result[^1] != '_')
            {
                result.Append('_');
            }
        }

        var name = result.ToString().Trim('_');
        return name.Length == 0 ? "test" : char.IsAsciiDigit(name[0]) ? "t_" + name : name;
    }

    /// <summary>The sanitised hint, cut so that hint + <paramref name="suffix"/> fits in 63 bytes.</summary>
    public static string WithSuffix(string hint, string suffix)
    {
        var stem = Sanitize(hint);
        var room = MaxLength - suffix.Length;
        if (room < 1)
        {
            throw new ArgumentException($"Suffix '{suffix}' leaves no room for a name.", nameof(suffix));
        }

        return stem[..Math.Min(stem.Length, room)].TrimEnd('_') + suffix;
    }
}
