using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime.Text;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Projections;
using Parcours.Projections.Closing;
using Parcours.Server.Auth;

namespace Parcours.Server.Web.Pages;

/// <summary>
/// A closed month's revisions (as the API's <c>GET /closings/{month}/revisions</c> and <c>parcours revisions</c>): whether
/// its published content still matches its hash, then each figure whose value today differs from the published one,
/// with the cases that changed and the events recorded since the closing that are responsible.
/// </summary>
[Authorize(Policy = WebPolicies.Revisions)]
public sealed class RevisionsModel(ReadModels models) : PageModel
{
    public string Month { get; private set; } = "";

    public string? Error { get; private set; }

    public ClosingVerification? Verification { get; private set; }

    public MonthRevisions? Revisions { get; private set; }

    /// <summary>Auditors may open a case's history; the insertion service sees pseudonymous ids only.</summary>
    public bool MayOpenCases => User.Roles().Contains(ParcoursRoles.Auditor);

    public async Task<IActionResult> OnGetAsync(string mois)
    {
        Month = mois;
        var parsed = YearMonthPattern.Iso.Parse(mois);
        if (!parsed.Success)
        {
            Error = $"« {mois} » n'est pas un mois valide : format attendu AAAA-MM (par exemple 2025-03).";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var tenant = User.Tenant()!.Value;
        try
        {
            Verification = await models.Closings.VerifyClosingAsync(tenant, parsed.Value, HttpContext.RequestAborted);
            Revisions = await models.Closings.RevisionsAsync(tenant, parsed.Value, HttpContext.RequestAborted);
        }
        catch (ClosingException e)
        {
            Error = e.Message;
            Response.StatusCode = e.Code == "month-not-closed" ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    /// <summary>The French label of a definition (its id if the catalogue no longer has it).</summary>
    public string Label(string definitionId) =>
        models.Catalogue.Definitions.FirstOrDefault(d => d.Id == definitionId)?.Label ?? definitionId;

    public static string Cell(CohortKey key) => key.Breakdown is { } b ? $"{Labels.Of(b)} : {key.Value ?? "non précisé"}" : "Ensemble";

    public static string Figures(CohortFigures? f) => f is null
        ? "— (aucun dossier)"
        : $"{f.Numerator} / {f.Denominator}" + (f.Rate is { } r ? $" ({Labels.Percent(r)})" : "")
          + (f.MeanDelayDays is { } m ? $", délai moyen {Labels.Number(m)} j" : "") + (f.Provisional ? ", provisoire *" : "");
}

/// <summary>One table of revised figures (partial <c>_RevisedFigures</c>).</summary>
public sealed record RevisedFiguresView(string Id, string Caption, IReadOnlyList<FigureRevision> Figures, Func<string, string> Label);
