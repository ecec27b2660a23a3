using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using Parcours.Domain.Pathways;
using Parcours.Projections;
using Parcours.Projections.Closing;
using Parcours.Server.Auth;

namespace Parcours.Server.Web.Pages;

/// <summary>
/// The closed months (clôtures) with a link to each one's revisions, and, for admins, the form to close a month: the
/// same <see cref="MonthClosing"/> as the API's <c>POST /closings/{month}</c> and <c>parcours close-month</c> (figures
/// frozen with the log position and a content hash; a month closes once, and only once it is over).
/// </summary>
[Authorize(Policy = WebPolicies.Closings)]
public sealed class CloturesModel(ReadModels models, IClock clock) : PageModel
{
    public IReadOnlyList<ClosingRecord> Closings { get; private set; } = [];

    /// <summary>The month proposed in the form: the one just sent, else the last month over.</summary>
    public string Month { get; private set; } = "";

    public string? Error { get; private set; }

    public ClosingRecord? Closed { get; private set; }

    public bool MayClose => User.Roles().Any(r => r is ParcoursRoles.InsertionService or ParcoursRoles.Admin);

    public bool MaySeeRevisions => User.Roles().Any(r => r is ParcoursRoles.InsertionService or ParcoursRoles.Auditor);

    public async Task OnGetAsync(string? clos)
    {
        Month = Labels.MonthIso(ParisCalendar.Today(clock).ToYearMonth().PlusMonths(-1));
        await LoadAsync();
        if (clos is not null) Closed = Closings.FirstOrDefault(c => Labels.MonthIso(c.Month) == clos);
    }

    public async Task<IActionResult> OnPostAsync(string? mois)
    {
        if (!MayClose) return Redirect("/acces-refuse");
        Month = mois?.Trim() ?? "";
        var parsed = YearMonthPattern.Iso.Parse(Month);
        if (!parsed.Success)
        {
            Error = $"« {Month} » n'est pas un mois valide : format attendu AAAA-MM (par exemple 2025-03).";
        }
        else
        {
            try
            {
                var closing = await models.Closings.CloseMonthAsync(User.Tenant()!.Value, parsed.Value, User.Actor(), HttpContext.RequestAborted);
                return Redirect($"/clotures?clos={Labels.MonthIso(closing.Month)}");
            }
            catch (ClosingException e)
            {
                Error = e.Message;
            }
        }
        await LoadAsync();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task LoadAsync() => Closings = await models.Closings.ListAsync(User.Tenant()!.Value, HttpContext.RequestAborted);
}
