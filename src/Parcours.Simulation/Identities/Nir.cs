using System.Globalization;

namespace Parcours.Simulation.Identities;

/// <summary>
/// A numéro d'inscription au répertoire (NIR) in its 15-character form: 13 characters (sex, year and month of
/// birth, département and commune of birth, order number) then a 2-digit key = 97 − (number mod 97). For births
/// in Corsica the département is "2A" or "2B", counted as 19 and 18 in the key. Synthetic values only: valid in
/// format, never a real person's.
/// </summary>
public readonly record struct Nir
{
    private Nir(string body) => Body = body;

    /// <summary>The 13 characters before the key.</summary>
    public string Body { get; }

    public string Key => KeyOf(Body);
    public string Value => Body + Key;

    public static Nir FromBody(string body)
    {
        if (body.Length != 13 || NumberOf(body) is null)
            throw new ArgumentException($"\"{body}\" is not the 13-character body of a NIR.", nameof(body));
        return new Nir(body);
    }

    /// <summary>True when <paramref name="value"/> has 15 characters and its key matches its body.</summary>
    public static bool IsValid(string value) =>
        value.Length == 15 && NumberOf(value[..13]) is not null && value[13..].All(char.IsAsciiDigit) && KeyOf(value[..13]) == value[13..];

    public override string ToString() => Value;

    private static string KeyOf(string body) =>
        (97 - (int)(NumberOf(body)!.Value % 97)).ToString("00", CultureInfo.InvariantCulture);

    private static long? NumberOf(string body)
    {
        var digits = body[5..7] switch
        {
            "2A" => string.Concat(body.AsSpan(0, 5), "19", body.AsSpan(7)),
            "2B" => string.Concat(body.AsSpan(0, 5), "18", body.AsSpan(7)),
            _ => body,
        };
        return digits.All(char.IsAsciiDigit) ? long.Parse(digits, CultureInfo.InvariantCulture) : null;
    }
}
