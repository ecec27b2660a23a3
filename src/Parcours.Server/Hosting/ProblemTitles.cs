using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Parcours.Server.Hosting;

/// <summary>
/// French titles for the problem details that ASP.NET Core writes itself (status code pages, unhandled exceptions).
/// A title set by an endpoint is kept; only the framework's English default for the status is replaced.
/// </summary>
internal static class ProblemTitles
{
    /// <summary>The framework's title for a 500 raised by an unhandled exception.</summary>
    private const string UnhandledExceptionTitle = "An error occurred while processing your request.";

    private static readonly Dictionary<int, string> French = new()
    {
        [StatusCodes.Status400BadRequest] = "Requête invalide",
        [StatusCodes.Status401Unauthorized] = "Authentification requise",
        [StatusCodes.Status403Forbidden] = "Accès refusé",
        [StatusCodes.Status404NotFound] = "Ressource introuvable",
        [StatusCodes.Status405MethodNotAllowed] = "Méthode non autorisée",
        [StatusCodes.Status406NotAcceptable] = "Format de réponse non disponible",
        [StatusCodes.Status409Conflict] = "Conflit",
        [StatusCodes.Status412PreconditionFailed] = "Version du dossier différente",
        [StatusCodes.Status413PayloadTooLarge] = "Requête trop volumineuse",
        [StatusCodes.Status415UnsupportedMediaType] = "Format de requête non pris en charge",
        [StatusCodes.Status422UnprocessableEntity] = "Requête non traitable",
        [StatusCodes.Status500InternalServerError] = "Erreur interne du serveur",
        [StatusCodes.Status503ServiceUnavailable] = "Service indisponible",
    };

    public static string For(int status) => French.TryGetValue(status, out var title) ? title : ReasonPhrases.GetReasonPhrase(status);

    public static void Translate(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status is not { } status || !French.TryGetValue(status, out var title))
        {
            return;
        }
        if (problem.Title is null || problem.Title == ReasonPhrases.GetReasonPhrase(status) || problem.Title == UnhandledExceptionTitle)
        {
            problem.Title = title;
        }
    }
}
