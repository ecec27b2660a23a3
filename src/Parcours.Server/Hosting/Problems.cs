using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Parcours.Server.Hosting;

/// <summary>
/// RFC 9457 problem details as Parcours writes them: a French title for the status, a French <c>detail</c>, and a
/// stable machine <c>code</c> (also the suffix of <c>type</c>, <c>urn:parcours:problem:{code}</c>). Codes are part of
/// the API contract (docs/api.md lists them): add new ones, never reuse one for another meaning.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:parcours:problem:";

    public static ProblemDetails Create(int status, string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypePrefix + code,
            Title = ProblemTitles.For(status),
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>()) problem.Extensions[key] = value;
        return problem;
    }

    public static ProblemHttpResult Result(int status, string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(Create(status, code, detail, extensions));

    /// <summary>The problems the framework writes itself: unmatched route, wrong method or media type, crash.</summary>
    private static readonly Dictionary<int, (string Code, string Detail)> FrameworkProblems = new()
    {
        [StatusCodes.Status400BadRequest] = ("request.invalid", "Requête invalide."),
        [StatusCodes.Status404NotFound] = ("route.not-found", "Aucune ressource à cette adresse."),
        [StatusCodes.Status405MethodNotAllowed] = ("method.not-allowed", "Cette méthode HTTP n'est pas acceptée à cette adresse."),
        [StatusCodes.Status415UnsupportedMediaType] = ("request.unsupported-media-type",
            "Le corps de la requête doit être du JSON (Content-Type: application/json)."),
        [StatusCodes.Status500InternalServerError] = ("server.error", "Une erreur inattendue s'est produite ; elle est consignée sur le serveur."),
    };

    /// <summary>Gives a code (and a French detail) to a problem written by the framework, so that every problem has one.</summary>
    public static void AddMissingCode(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code") || problem.Status is not { } status) return;
        var (code, detail) = FrameworkProblems.TryGetValue(status, out var known) ? known : ($"http.{status}", ProblemTitles.For(status));
        problem.Extensions["code"] = code;
        problem.Type = TypePrefix + code;
        problem.Detail ??= detail;
    }

    /// <summary>Writes a problem from middleware (authentication, size limits, exception handling).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        context.Response.StatusCode = status;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = Create(status, code, detail, extensions) });
    }
}
