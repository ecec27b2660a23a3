using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Parcours.Server.Web.Pages;

[AllowAnonymous]
public sealed class DeconnexionModel : PageModel
{
    public IActionResult OnPost()
    {
        WebSession.SignOut(HttpContext);
        return Redirect("/connexion");
    }
}
