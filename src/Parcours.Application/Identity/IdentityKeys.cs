using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Parcours.Application.Identity;

/// <summary>
/// The normal forms under which CAF keys, NIRs and names are indexed, so that "0123456 dem" finds "123456 DEM" and a NIR
/// found with or without its key, spaced or not, finds the same person. Importers may call these to validate first.
/// </summary>
public static class IdentityKeys
{
    /// <summary>
    /// Whitespace removed, upper case; a numeric CAF number (the flux's MATRICULE is an integer) loses its leading zeros.
    /// </summary>
    public static string NormalizeCafNumber(string cafNumber)
    {
        ArgumentNullException.ThrowIfNull(cafNumber);
        var compact = RemoveSeparators(cafNumber, removePunctuation: false).ToUpperInvariant();
        if (compact.Length > 0 && compact.All(char.IsAsciiDigit))
        {
            compact = compact.TrimStart('0');
            return compact.Length == 0 ? "0" : compact;
        }
        return compact;
    }

    /// <summary>The person's role in the household (DEM, CJT...): trimmed, upper case.</summary>
    public static string NormalizeCafRole(string role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return RemoveSeparators(role, removePunctuation: false).ToUpperInvariant();
    }

    /// <summary>The CAF key in normal form, "number/role".</summary>
    public static string Normalize(CafPersonKey key) => NormalizeCafNumber(key.CafNumber) + "/" + NormalizeCafRole(key.Role);

    /// <summary>
    /// The 13 characters of a NIR (sex, year, month, département with 2A/2B, commune, order) without spaces, dots or dashes,
    /// upper case. A 15-character NIR must carry the right control key (97 minus the number modulo 97, 2A counting as 19
    /// and 2B as 18), which is then dropped. False for anything else.
    /// </summary>
    public static bool TryNormalizeNir(string? nir, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (nir is null) return false;
        var compact = RemoveSeparators(nir, removePunctuation: true).ToUpperInvariant();
        if (compact.Length is not (13 or 15)) return false;
        var body = compact[..13];
        var department = body.Substring(5, 2);
        var numeric = department switch
        {
            "2A" => body[..5] + "19" + body[7..],
            "2B" => body[..5] + "18" + body[7..],
            _ => body,
        };
        if (!numeric.All(char.IsAsciiDigit)) return false;
        if (compact.Length == 15)
        {
            var key = compact[13..];
            if (!key.All(char.IsAsciiDigit)) return false;
            var expected = 97 - long.Parse(numeric, CultureInfo.InvariantCulture) % 97;
            if (int.Parse(key, CultureInfo.InvariantCulture) != expected) return false;
        }
        normalized = body;
        return true;
    }

    /// <summary>
    /// A person's name as the name index hashes it: "LAST NAME|FIRST NAME", upper case, accents removed (Unicode
    /// decomposition, then the combining marks dropped; Œ and Æ spelt OE and AE), hyphens, apostrophes, dots and runs of
    /// whitespace made one space, trimmed; so "d'Alembert", "D ALEMBERT" and "D’Alembert" are one name, "Jean-Éric" and
    /// "jean eric" one first name. Null when either part is blank once normalised.
    /// </summary>
    public static string? NormalizeName(string? lastName, string? firstName)
    {
        var last = NormalizeNamePart(lastName);
        var first = NormalizeNamePart(firstName);
        return last.Length == 0 || first.Length == 0 ? null : last + "|" + first;
    }

    /// <summary>One part of a name (see <see cref="NormalizeName"/>).</summary>
    public static string NormalizeNamePart(string? name)
    {
        if (name is null) return "";
        var result = new StringBuilder(name.Length);
        var pendingSpace = false;
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            {
                continue;
            }
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || c is '|' or '`' or '´' or '^' or '¨')
            {
                pendingSpace = result.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }
            result.Append(c switch
            {
                'œ' or 'Œ' => "OE",
                'æ' or 'Æ' => "AE",
                'ß' => "SS",
                _ => char.ToUpperInvariant(c).ToString(),
            });
        }
        return result.ToString();
    }

    private static string RemoveSeparators(string text, bool removePunctuation)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || (removePunctuation && c is '.' or '-'))
            {
                continue;
            }
            result.Append(c);
        }
        return result.ToString();
    }
}
