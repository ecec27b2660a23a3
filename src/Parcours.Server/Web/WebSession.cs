using Microsoft.AspNetCore.Http;
using Parcours.Server.Auth;

namespace Parcours.Server.Web;

/// <summary>
/// The page session: the token the user pasted (API token or JWT) in an HttpOnly, SameSite=Strict cookie (Secure over
/// HTTPS). On every page request without an Authorization header, the cookie's token is presented as the bearer, so
/// the API's own schemes authenticate it: a revoked token stops working at once. API routes never read the cookie
/// (no cross-site request can borrow it), and every page form carries an antiforgery token.
/// </summary>
public static class WebSession
{
    public const string CookieName = "parcours_session";

    public static bool IsPageRequest(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/health") && !request.Path.StartsWithSegments("/openapi");

    public static Task BearerFromCookie(HttpContext context, RequestDelegate next)
    {
        if (IsPageRequest(context.Request) && context.Request.Headers.Authorization.Count == 0
            && context.Request.Cookies.TryGetValue(CookieName, out var token) && !string.IsNullOrWhiteSpace(token))
        {
            context.Request.Headers.Authorization = "Bearer " + token.Trim();
        }
        return next(context);
    }

    public static bool HasSession(HttpRequest request) => request.Cookies.ContainsKey(CookieName);

    public static void SignIn(HttpContext context, string token) =>
        context.Response.Cookies.Append(CookieName, token.Trim(), Options(context));

    public static void SignOut(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context));

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };
}
