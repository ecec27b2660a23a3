using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Parcours.Server.Web.Pages;

/// <summary>Search by case id: a well-formed id opens the case page (which says if the département has no such case).</summary>
[Authorize(Policy = WebPolicies.Manager)]
public sealed class RechercheModel : PageModel
{
    public string? Id { get; private set; }

    public string? Error { get; private set; }

    public IActionResult OnGet(string? id)
    {
        Id = id?.Trim();
        var target = CaseSearch.Resolve(id, "/dossiers", out var error);
        Error = error;
        return target is null ? Page() : Redirect(target);
    }
}
