using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Parcours.Server.Auth.ApiTokens;
using Parcours.Server.Hosting;

namespace Parcours.Server.Auth;

/// <summary>401 and 403 as problem details with a stable code, instead of the framework's empty answers.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public const string AuthRequired = "auth.required";
    public const string InvalidToken = "auth.invalid-token";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged && context.GetEndpoint() is null)
        {
            // No endpoint matched: nothing to protect, the answer is a plain 404.
            await next(context);
            return;
        }
        if (result.Challenged)
        {
            await context.ChallengeAsync();
            context.Response.Headers.WWWAuthenticate = "Bearer";
            var hasToken = BearerToken.From(context.Request) is not null;
            await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized,
                hasToken ? InvalidToken : AuthRequired,
                hasToken
                    ? "Le jeton présenté est inconnu, révoqué, expiré ou invalide."
                    : "Authentification requise : présentez un jeton dans l'en-tête « Authorization: Bearer … ».");
            return;
        }
        if (result.Forbidden)
        {
            var denied = result.AuthorizationFailure?.FailureReasons.OfType<AccessDenied>().FirstOrDefault();
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden,
                denied?.Code ?? AccessDenied.RoleForbidden,
                denied?.Message ?? "Ce jeton ne donne pas accès à cette opération.");
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}
