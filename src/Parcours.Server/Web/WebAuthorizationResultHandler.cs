using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Parcours.Server.Auth;

namespace Parcours.Server.Web;

/// <summary>
/// For pages: not signed in (or a token no longer valid) → the sign-in page, with the page to come back to; signed in
/// without the role → the French 403 page. Every other endpoint keeps the API's problem details.
/// </summary>
public sealed class WebAuthorizationResultHandler(ProblemAuthorizationResultHandler api) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        var isPage = context.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>() is not null;
        if (!isPage)
        {
            await api.HandleAsync(next, context, policy, result);
            return;
        }
        if (result.Challenged)
        {
            var expired = WebSession.HasSession(context.Request);
            if (expired) WebSession.SignOut(context);
            var back = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect($"/connexion?retour={Uri.EscapeDataString(back)}{(expired ? "&invalide=1" : "")}");
            return;
        }
        if (result.Forbidden)
        {
            context.Response.Redirect("/acces-refuse");
            return;
        }
        await next(context);
    }
}
