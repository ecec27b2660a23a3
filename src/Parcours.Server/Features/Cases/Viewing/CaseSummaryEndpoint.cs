using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parcours.Domain.Pathways;
using Parcours.Projections;
using Parcours.Projections.CaseSummaries;
using Parcours.Server.Auth;

namespace Parcours.Server.Features.Cases.Viewing;

/// <summary>
/// GET a case's summary (current step, key dates, orientation in force, awaited steps with their deadlines), folded from
/// its stream so that it is exact right after a command. The ETag is the version to send back in <c>If-Match</c>.
/// </summary>
public static class CaseSummaryEndpoint
{
    public static RouteGroupBuilder MapCaseSummary(this RouteGroupBuilder departement)
    {
        departement.MapGet("/cases/{caseId:guid}", async (string dep, Guid caseId, HttpContext http, CaseReader reader, ReadModels models) =>
            {
                var (history, problem) = await reader.LoadAsync(http, dep, caseId);
                if (problem is not null) return problem;
                var summary = CaseSummary.From(new CaseId(caseId), dep, history!, models.Catalogue.Definitions);
                CaseVersions.SetETag(http.Response, summary.Version);
                return TypedResults.Ok(summary);
            })
            .WithName("GetCase").WithSummary("Synthèse d'un dossier").Produces<CaseSummary>()
            .RequireRoles(ParcoursRoles.Manager, ParcoursRoles.Auditor);
        return departement;
    }
}
