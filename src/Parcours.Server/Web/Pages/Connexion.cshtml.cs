using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Parcours.Server.Web.Pages;

/// <summary>Sign-in: the pasted token goes into the session cookie; the next page request authenticates it like a bearer.</summary>
public sealed class ConnexionModel : PageModel
{
    public string? Message { get; private set; }

    public string Retour { get; private set; } = "/";

    public void OnGet(string? retour, int? invalide)
    {
        Retour = SafeReturn(retour);
        if (invalide == 1) Message = "Ce jeton est inconnu, révoqué, expiré ou invalide : collez un jeton valide.";
    }

    public IActionResult OnPost(string? jeton, string? retour)
    {
        Retour = SafeReturn(retour);
        if (string.IsNullOrWhiteSpace(jeton))
        {
            Message = "Le jeton d'accès est obligatoire.";
            return Page();
        }
        WebSession.SignIn(HttpContext, jeton);
        return LocalRedirect(Retour);
    }

    /// <summary>Only a local path: never an open redirect.</summary>
    private string SafeReturn(string? retour) =>
        retour is { Length: > 0 } r && Url.IsLocalUrl(r) && !r.StartsWith("/connexion", StringComparison.Ordinal) ? r : "/";
}
