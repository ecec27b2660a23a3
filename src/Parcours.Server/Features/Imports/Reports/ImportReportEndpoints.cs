using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using Parcours.EventStore;
using Parcours.Importers.Storage;
using Parcours.Server.Auth;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Imports.Reports;

/// <summary>The kept reports of the département's imports (API uploads and <c>parcours import</c> alike): the latest ones, or one with its rejections.</summary>
public static class ImportReportEndpoints
{
    private const int Listed = 100;

    public static RouteGroupBuilder MapImportReports(this RouteGroupBuilder departement)
    {
        departement.MapGet("/imports", async (string dep, HttpContext http, NpgsqlDataSource dataSource) =>
            {
                var imports = await ImportHistory.ListAsync(dataSource, TenantId.Parse(dep), Listed, http.RequestAborted);
                return TypedResults.Ok(imports.Select(ImportView.From).ToList());
            })
            .WithName("ListImports").WithSummary($"Derniers imports du département ({Listed} au plus), sans leurs rejets")
            .Produces<IReadOnlyList<ImportView>>().RequireRoles(ParcoursRoles.InsertionService);

        departement.MapGet("/imports/{importId:long}", async (string dep, long importId, HttpContext http, NpgsqlDataSource dataSource) =>
            {
                var found = await ImportHistory.FindAsync(dataSource, TenantId.Parse(dep), importId, ImportView.MaxRejections, http.RequestAborted);
                return found is null
                    ? (IResult)Problems.Result(StatusCodes.Status404NotFound, "import.not-found", $"Aucun import n° {importId} dans ce département.")
                    : TypedResults.Ok(ImportView.From(found));
            })
            .WithName("GetImport").WithSummary("Compte rendu d'un import : changements, événements, enregistrements rejetés (1 000 premiers)")
            .Produces<ImportView>().RequireRoles(ParcoursRoles.InsertionService);
        return departement;
    }
}
