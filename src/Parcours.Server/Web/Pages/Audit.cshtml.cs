using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Parcours.Application.Identity;
using Parcours.Server.Auth;
using Parcours.Server.Features.Cases;

namespace Parcours.Server.Web.Pages;

/// <summary>An auditor opens a case's history by its id, or finds it by CAF number, NIR or name (<see cref="IdentitySearch"/>).</summary>
[Authorize(Policy = WebPolicies.Auditor)]
public sealed class AuditModel(IIdentityStore identities, CaseReader reader) : PageModel
{
    public string? Id { get; private set; }

    public string? Error { get; private set; }

    public string? Caf { get; private set; }

    public string? Role { get; private set; }

    public string? CafError { get; private set; }

    public IReadOnlyList<IdentityMatch>? Matches { get; private set; }

    /// <summary>The search by name (<see cref="IdentitySearch.FindByNameAsync"/>).</summary>
    public NameSearchState NameSearch { get; private set; } = new(null, null, null, null);

    public async Task<IActionResult> OnGetAsync(string? id, string? caf, string? role, string? nom, string? prenom)
    {
        Id = id?.Trim();
        var target = CaseSearch.Resolve(id, "/audit/dossiers", out var error);
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
