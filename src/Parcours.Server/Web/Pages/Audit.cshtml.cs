using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Parcours.Server.Web.Pages;

[Authorize(Policy = WebPolicies.Auditor)]
public sealed class AuditModel : PageModel
{
    public string? Id { get; private set; }

    public string? Error { get; private set; }

    public IActionResult OnGet(string? id)
    {
        Id = id?.Trim();
        if (string.IsNullOrEmpty(Id)) return Page();
        if (Guid.TryParse(Id, out var caseId)) return Redirect($"/audit/dossiers/{caseId}");
        Error = $"« {Id} » n'est pas un identifiant de dossier.";
        return Page();
    }
}
