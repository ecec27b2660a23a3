using Microsoft.AspNetCore.Http;
using Parcours.Application.Identity;
using Parcours.Server.Features.Cases;

namespace Parcours.Server.Web;

/// <summary>One case found from an identity key, and by which key.</summary>
public sealed record IdentityMatch(Guid CaseId, string MatchedBy);

/// <summary>
/// Finding cases from what a person's letter or file shows (their CAF number, their NIR, or their last and first names)
/// for the roles allowed to see identities (managers, auditors). It uses only the identity store's blind indexes (keyed
/// hashes): nothing is decrypted, so nothing is written to the access log; opening the identity itself still asks for a
/// reason. A name is found whole (case, accents, hyphens and spaces aside), never by prefix. A manager limited to
/// territories finds only their cases.
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

        return (await VisibleAsync(http, reader, tenant, found), null);
    }

    /// <summary>The cases of this last name and first name (both required), as <see cref="IIdentityStore.FindByNameAsync"/> finds them.</summary>
    public static async Task<(IReadOnlyList<IdentityMatch> Matches, string? Error)> FindByNameAsync(
        HttpContext http, IIdentityStore store, CaseReader reader, string tenant, string? lastName, string? firstName)
    {
        if (IdentityKeys.NormalizeNamePart(lastName).Length == 0 || IdentityKeys.NormalizeNamePart(firstName).Length == 0)
            return ([], "Indiquez le nom et le prénom : la recherche porte sur le nom complet, pas sur un début de nom.");
        var found = await store.FindByNameAsync(tenant, lastName!, firstName!, http.RequestAborted);
        return (await VisibleAsync(http, reader, tenant, [.. found.Select(c => new IdentityMatch(c.Value, "nom et prénom"))]), null);
    }

    /// <summary>Only the cases the caller may open (a manager limited to territories), as the case pages would judge.</summary>
    private static async Task<IReadOnlyList<IdentityMatch>> VisibleAsync(HttpContext http, CaseReader reader, string tenant, List<IdentityMatch> found)
    {
        var visible = new List<IdentityMatch>();
        foreach (var match in found.DistinctBy(m => (m.CaseId, m.MatchedBy)))
            if ((await reader.LoadAsync(http, tenant, match.CaseId)).Problem is null) visible.Add(match);
        return visible;
    }
}

/// <summary>What the partial <c>_IdentitySearch</c> shows: the form (sent to <paramref name="Action"/>), its error, the matches.</summary>
public sealed record IdentitySearchView(string Action, string CasePath, string? Caf, string? Role, string? Error, IReadOnlyList<IdentityMatch>? Matches, bool Restricted)
{
    /// <summary>The search by name, its fields, error and matches (null when none was made).</summary>
    public NameSearchState Name { get; init; } = new(null, null, null, null);
}

/// <summary>A search by last and first names: what was typed, what is wrong with it, what was found (null: no search).</summary>
public sealed record NameSearchState(string? LastName, string? FirstName, string? Error, IReadOnlyList<IdentityMatch>? Matches)
{
    public bool Asked => !string.IsNullOrWhiteSpace(LastName) || !string.IsNullOrWhiteSpace(FirstName);

    public static async Task<NameSearchState> RunAsync(
        HttpContext http, IIdentityStore store, CaseReader reader, string tenant, string? lastName, string? firstName)
    {
        var state = new NameSearchState(lastName?.Trim(), firstName?.Trim(), null, null);
        if (!state.Asked) return state;
        var (matches, error) = await IdentitySearch.FindByNameAsync(http, store, reader, tenant, state.LastName, state.FirstName);
        return state with { Error = error, Matches = error is null ? matches : null };
    }
}
