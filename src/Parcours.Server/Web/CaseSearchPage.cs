using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Parcours.Application.Identity;
using Parcours.Server.Auth;
using Parcours.Server.Features.Cases;

namespace Parcours.Server.Web;

/// <summary>
/// What the managers' and the auditors' search pages share: a case id (a well-formed id opens the case at
/// <paramref name="casePages"/>/{id}, whose page says if the département has no such case), or a CAF number, a NIR or a
/// name through the identity store's blind indexes (<see cref="IdentitySearch"/>).
/// </summary>
public abstract class CaseSearchPage(IIdentityStore identities, CaseReader reader, string casePages) : PageModel
{
    public string? Id { get; private set; }

    public string? Error { get; private set; }

    public string? Caf { get; private set; }

    public string? Role { get; private set; }

    public string? CafError { get; private set; }

    /// <summary>Null when no CAF search was made.</summary>
    public IReadOnlyList<IdentityMatch>? Matches { get; private set; }

    /// <summary>The search by name (<see cref="IdentitySearch.FindByNameAsync"/>).</summary>
    public NameSearchState NameSearch { get; private set; } = new(null, null, null, null);

    public async Task<IActionResult> OnGetAsync(string? id, string? caf, string? role, string? nom, string? prenom)
    {
        Id = id?.Trim();
        var target = CaseSearch.Resolve(id, casePages, out var error);
        Error = error;
        if (target is not null) return Redirect(target);
        (Caf, Role) = (caf?.Trim(), role?.Trim());
        if (!string.IsNullOrEmpty(Caf))
        {
            var (matches, cafError) = await IdentitySearch.FindAsync(HttpContext, identities, reader, User.Tenant()!.Value.Code, Caf, Role);
            (Matches, CafError) = (cafError is null ? matches : null, cafError);
        }
        NameSearch = await NameSearchState.RunAsync(HttpContext, identities, reader, User.Tenant()!.Value.Code, nom, prenom);
        return Page();
    }
}
