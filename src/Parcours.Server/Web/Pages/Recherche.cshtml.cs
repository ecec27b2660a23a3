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
        if (string.IsNullOrEmpty(Id)) return Page();
        if (Guid.TryParse(Id, out var caseId)) return Redirect($"/dossiers/{caseId}");
        Error = $"« {Id} » n'est pas un identifiant de dossier : il a la forme 0196c2a4-7f1e-7b21-9a55-3f2b8c1d4e6f.";
        return Page();
    }
}
