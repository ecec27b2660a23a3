using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Parcours.Server.Hosting;

/// <summary>
/// Security headers on every response, pages and API alike, errors included: no MIME sniffing, never in a frame
/// (<c>X-Frame-Options: DENY</c> and CSP <c>frame-ancestors 'none'</c>), no referrer, and for everything that does not set
/// its own policy (the pages do, see Web/WebSetup, and the API documentation page) a Content-Security-Policy that loads
/// nothing at all: JSON needs nothing. Headers a page or endpoint already set are kept.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy of API answers (JSON, problem details, metrics text).</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // OnStarting: set last, after the endpoint and the exception handler (which clears headers) have run.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                if (!headers.ContainsKey("Referrer-Policy")) headers["Referrer-Policy"] = "no-referrer";
                if (!headers.ContainsKey("Content-Security-Policy")) headers.ContentSecurityPolicy = ApiContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
