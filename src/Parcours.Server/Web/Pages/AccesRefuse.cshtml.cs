using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Parcours.Server.Web.Pages;

/// <summary>The French 403 page: signed in, but the role does not open the page asked for.</summary>
public sealed class AccesRefuseModel : PageModel
{
    public void OnGet() => Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden;
}
