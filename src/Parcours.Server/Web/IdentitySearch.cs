using Microsoft.AspNetCore.Http;
using Parcours.Application.Identity;
using Parcours.Server.Features.Cases;

namespace Parcours.Server.Web;

/// <summary>One case found from an identity key, and by which key.</summary>
public sealed record IdentityMatch(Guid CaseId, string MatchedBy);

/// <summary>
/// Finding cases from what a person's letter or file shows (their CAF number, or their NIR) for the roles allowed to see
/// identities (managers, auditors). It uses only the identity store's blind indexes (keyed hashes): nothing is
/// decrypted, so nothing is written to the access log; opening the identity itself still asks for a reason. Names are
/// encrypted and not indexed, so there is no search by name. A manager limited to territories finds only their cases.
/// </summary>
public static class IdentitySearch
{
    /// <summary>Roles in the household (the CAF flux's ROLEPERS) tried when none is chosen.</summary>
    public static IReadOnlyList<(string Code, string Label)> CafRoles { get; } =
        [("DEM", "Demandeur (DEM)"), ("CJT", "Conjoint (CJT)"), ("ENF", "Enfant (ENF)"), ("AUT", "Autre personne (AUT)")];

    public static async Task<(IReadOnlyList<IdentityMatch> Matches, string? Error)> FindAsync(
        HttpContext http, IIdentityStore store, CaseReader reader, string tenant, string? typed, string? role)
    {
        var text = typed?.Trim() ?? "";
        if (text.Length == 0) return ([], null);
        var number = IdentityKeys.NormalizeCafNumber(text);
        var isNir = IdentityKeys.TryNormalizeNir(text, out _);
        if (!isNir && (number.Length is < 3 or > 15 || !number.All(char.IsAsciiLetterOrDigit) || !number.Any(char.IsAsciiDigit)))
            return ([], $"« {text} » n'est ni un numéro CAF (matricule, chiffres et lettres) ni un NIR (13 ou 15 caractères, clé juste).");

        var roles = string.IsNullOrWhiteSpace(role) ? CafRoles.Select(r => r.Code) : [role.Trim()];
        var byCaf = await store.FindByCafAsync(tenant, [.. roles.Select(r => new CafPersonKey(text, r))], http.RequestAborted);
        var found = byCaf.Select(kv => new IdentityMatch(kv.Value.Value, $"numéro CAF {IdentityKeys.NormalizeCafNumber(kv.Key.CafNumber)}, rôle {IdentityKeys.NormalizeCafRole(kv.Key.Role)}")).ToList();
        if (isNir)
        {
            var byNir = await store.FindByNirAsync(tenant, [text], http.RequestAborted);
            found.AddRange(byNir.Values.Select(c => new IdentityMatch(c.Value, "NIR")));
        }

        // Only the cases the caller may open (a manager limited to territories), as the case pages would judge.
        var visible = new List<IdentityMatch>();
        foreach (var match in found.DistinctBy(m => (m.CaseId, m.MatchedBy)))
            if ((await reader.LoadAsync(http, tenant, match.CaseId)).Problem is null) visible.Add(match);
        return (visible, null);
    }
}

/// <summary>What the partial <c>_IdentitySearch</c> shows: the form (sent to <paramref name="Action"/>), its error, the matches.</summary>
public sealed record IdentitySearchView(string Action, string CasePath, string? Caf, string? Role, string? Error, IReadOnlyList<IdentityMatch>? Matches, bool Restricted);
