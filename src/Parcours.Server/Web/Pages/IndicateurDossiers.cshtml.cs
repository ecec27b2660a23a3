using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using Parcours.Domain.Indicators;
using Parcours.Projections;
using Parcours.Projections.Indicators;
using Parcours.Server.Auth;

namespace Parcours.Server.Web.Pages;

/// <summary>The pseudonymous cases behind one figure (the query of <c>GET …/indicators/{month}/{definition}/cases</c>).</summary>
[Authorize(Policy = WebPolicies.InsertionService)]
public sealed class IndicateurDossiersModel(ReadModels models) : PageModel
{
    public IndicatorDefinition? Definition { get; private set; }

    public YearMonth Month { get; private set; }

    public Outcome? Wanted { get; private set; }

    public IReadOnlyList<FigureCase> Cases { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? mois, string? definition, string? issue)
    {
        var month = YearMonthPattern.Iso.Parse(mois ?? "");
        Definition = models.Catalogue.Definitions.FirstOrDefault(d => d.Id == definition);
        if (!month.Success || Definition is null)
        {
            Error = !month.Success ? $"« {mois} » n'est pas un mois valide (AAAA-MM)." : $"Indicateur inconnu : « {definition} ».";
            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound;
            return Page();
        }
        Month = month.Value;
        Wanted = Enum.TryParse<Outcome>(issue, out var o) && Enum.IsDefined(o) ? o : null;
        Cases = await models.Reports.CasesAsync(User.Tenant()!.Value, Definition, Month, Wanted, HttpContext.RequestAborted);
        return Page();
    }
}
