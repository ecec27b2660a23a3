using System.Diagnostics.CodeAnalysis;

namespace Parcours.EventStore;

/// <summary>
/// A tenant: one French département, identified by its official code ("31", "2A", "974").
/// Valid codes are 01-95 except 20 (split into 2A and 2B in 1976), 2A, 2B, and the overseas 971-976.
/// A valid code is not enough to read or write: the tenant must also be registered in the store.
/// </summary>
public readonly record struct TenantId
{
    private TenantId(string code) => Code = code;

    /// <summary>The normalised code (upper case for Corsica).</summary>
    public string Code { get; }

    public static TenantId Parse(string code) =>
        TryParse(code, out var tenant)
            ? tenant
            : throw new FormatException(
                $"'{code}' is not a French département code (expected 01-95 except 20, 2A, 2B, or 971-976).");

    public static bool TryParse([NotNullWhen(true)] string? code, out TenantId tenant)
    {
        tenant = default;
        if (code is null) return false;
        var normalised = code.Trim().ToUpperInvariant();
        if (!IsValid(normalised)) return false;
        tenant = new TenantId(normalised);
        return true;
    }

    private static bool IsValid(string code) => code switch
    {
        "2A" or "2B" => true,
        { Length: 2 } when int.TryParse(code, out var n) && code.All(char.IsAsciiDigit) => n is >= 1 and <= 95 and not 20,
        { Length: 3 } when int.TryParse(code, out var n) && code.All(char.IsAsciiDigit) => n is >= 971 and <= 976,
        _ => false,
    };

    public override string ToString() => Code ?? "(none)";
}
