using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Parcours.Server.Web.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
