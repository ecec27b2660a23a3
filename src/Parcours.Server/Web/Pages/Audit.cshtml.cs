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
        var target = CaseSearch.Resolve(id, "/audit/dossiers", out var error);
        Error = error;
        return target is null ? Page() : Redirect(target);
    }
}
