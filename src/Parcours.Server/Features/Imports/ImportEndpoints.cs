using Microsoft.AspNetCore.Routing;
using Parcours.Server.Features.Imports.Reports;
using Parcours.Server.Features.Imports.Uploading;

namespace Parcours.Server.Features.Imports;

/// <summary>
/// CAF flux imports over HTTP, the same importer as <c>parcours import cnaf</c>: upload a flux (Uploading), read the
/// kept reports (Reports). Both for the insertion service of the département, which receives the CAF's files.
/// </summary>
public static class ImportEndpoints
{
    public static RouteGroupBuilder MapImports(this RouteGroupBuilder departement) =>
        departement.MapCafUpload().MapImportReports();
}
