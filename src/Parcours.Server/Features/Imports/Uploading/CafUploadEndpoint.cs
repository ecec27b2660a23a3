using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Npgsql;
using NodaTime;
using Parcours.Application.Identity;
using Parcours.EventStore;
using Parcours.Importers.Cnaf.Import;
using Parcours.Importers.Storage;
using Parcours.Projections;
using Parcours.Server.Auth;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Imports.Uploading;

/// <summary>
/// <c>POST /imports/cnaf</c>: a CAF/MSA flux sent as the raw request body (XML, windows-1252), imported exactly as
/// <c>parcours import cnaf</c> does (same validation, same changes, same kept report). The body is streamed to a private
/// temporary file (never held in memory; at most <see cref="MaxFileBytes"/>; see <see cref="UploadSpool"/>, which also
/// removes the files of a server that died mid-upload), then read in one streaming pass by the importer, and the file deleted. Answers 201 with the report (applied, possibly with rejected records), 200 for a file
/// already imported, or a problem: 422 <c>import.flux-invalid</c> / 409 <c>import.flux-older</c> for a refused file
/// (the report is kept: <c>importId</c>), 400 <c>import.empty</c>, 413 <c>import.too-large</c>, 415 <c>import.media-type</c>.
/// </summary>
public static class CafUploadEndpoint
{
    /// <summary>Largest flux accepted: a monthly flux of a large département is a few hundred MB.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Rejections copied into a refusal's problem details (the kept report has them all).</summary>
    private const int RejectionsInProblem = 100;

    private static readonly string[] MediaTypes = ["application/xml", "text/xml", "application/octet-stream"];

    public static RouteGroupBuilder MapCafUpload(this RouteGroupBuilder departement)
    {
        departement.MapPost("/imports/cnaf", UploadAsync)
            .WithName("ImportCafFlux")
            .WithSummary("Importer un flux bénéficiaires RSA de la CAF ou de la MSA (corps : le fichier XML, windows-1252)")
            .WithMetadata(new RequestSizeLimitAttribute(MaxFileBytes))
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "Le fichier du flux tel que reçu (schéma vrsb0801), au plus 1 Gio. Nom gardé au compte rendu : paramètre `nom`, "
                        + "sinon l'en-tête Content-Disposition.",
                    Content = MediaTypes.ToDictionary(t => t, _ => new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                    }),
                };
                return Task.CompletedTask;
            })
            .Produces<ImportView>(StatusCodes.Status201Created)
            .Produces<ImportView>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRoles(ParcoursRoles.InsertionService);
        return departement;
    }

    private static async Task<IResult> UploadAsync(
        string dep, string? nom, bool? historique, HttpContext http,
        NpgsqlDataSource dataSource, ReadModels models, PostgresIdentityStore identities, IClock clock)
    {
        var request = http.Request;
        var ct = http.RequestAborted;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || !MediaTypes.Contains(media.MediaType.Value, StringComparer.OrdinalIgnoreCase))
            return Problems.Result(StatusCodes.Status415UnsupportedMediaType, "import.media-type",
                "Envoyez le fichier du flux tel quel dans le corps de la requête, avec Content-Type: application/xml.");
        if (request.ContentLength > MaxFileBytes) return TooLarge();

        var spool = UploadSpool.Default.NewFile();
        try
        {
            long size;
            try
            {
                size = await SpoolAsync(request.Body, spool, ct);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge();
            }
            catch (FileTooLargeException)
            {
                return TooLarge();
            }
            if (size == 0)
                return Problems.Result(StatusCodes.Status400BadRequest, "import.empty", "Le corps de la requête est vide : envoyez le fichier du flux.");

            var tenant = TenantId.Parse(dep);
            var importer = new CafImporter(dataSource, models.Store, identities, clock);
            var options = new CafImportOptions(Actor: http.User.Actor(), ReplayHistory: historique ?? false);
            var report = await importer.ImportFileAsync(tenant, spool, options, null, ct, FileName(nom, request));
            return report switch
            {
                { Outcome: ImportOutcome.AlreadyImported } => TypedResults.Ok(ImportView.From(report)),
                { Outcome: ImportOutcome.Applied, Id: { } id } => TypedResults.Created(
                    $"/api/departements/{dep}/imports/{id}",
                    ImportView.From((await ImportHistory.FindAsync(dataSource, tenant, id, ImportView.MaxRejections, ct))!)),
                _ => Refused(dep, report),
            };
        }
        finally
        {
            File.Delete(spool);
        }
    }

    /// <summary>Copies the body to a file only its owner can read (it holds identities), counting; throws past the limit.</summary>
    private static async Task<long> SpoolAsync(Stream body, string path, CancellationToken ct)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var file = new FileStream(path, options);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > MaxFileBytes) throw new FileTooLargeException();
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return total;
    }

    /// <summary>The name kept with the report: <c>nom</c>, else Content-Disposition's filename, else a default; never a path.</summary>
    private static string FileName(string? nom, HttpRequest request)
    {
        var given = nom;
        if (string.IsNullOrWhiteSpace(given) && ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition))
            given = (disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value?.Trim('"');
        var name = Path.GetFileName(given?.Replace('\\', '/') ?? "").Trim();
        return name.Length == 0 ? "flux-televerse.xml" : name.Length > 200 ? name[..200] : name;
    }

    private static IResult Refused(string dep, ImportReport report)
    {
        var older = report.RefusalCode == "flux.older";
        return Problems.Result(
            older ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            older ? "import.flux-older" : "import.flux-invalid",
            report.Message ?? "Le fichier a été refusé : rien n'a été importé.",
            new Dictionary<string, object?>
            {
                ["importId"] = report.Id,
                ["report"] = report.Id is { } id ? $"/api/departements/{dep}/imports/{id}" : null,
                ["rejected"] = report.Rejections.Count,
                ["rejections"] = report.Rejections.Take(RejectionsInProblem).Select(RejectionView.From).ToList(),
            });
    }

    private static IResult TooLarge() => Problems.Result(StatusCodes.Status413PayloadTooLarge, "import.too-large",
        $"Le fichier dépasse {MaxFileBytes / (1024 * 1024 * 1024)} Gio : découpez-le ou importez-le en ligne de commande (parcours import cnaf).");

    private sealed class FileTooLargeException : Exception;
}
