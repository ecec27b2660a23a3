using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Parcours.Projections;
using Parcours.Projections.Indicators;
using Parcours.Server.Auth;

namespace Parcours.Server.Web;

/// <summary>
/// The web pages (Razor Pages under Web/Pages, in French) for managers, the insertion service and auditors. They sign
/// in with the same API token or JWT as the API, kept in an HttpOnly cookie (<see cref="WebSession"/>) that authenticates
/// through the same bearer schemes, so a page sees exactly the principal (role, département, territories) the API would.
/// Pages call the server's use-case code (CaseRecorder, read models, report query); none holds business rules.
/// </summary>
public static class WebSetup
{
    public const string CssPath = "/ui/parcours.css";

    public static WebApplicationBuilder AddParcoursWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Web/Pages";
            options.Conventions.AllowAnonymousToPage("/Connexion");
        });
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "parcours_af";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddAuthorization(options =>
        {
            foreach (var role in ParcoursRoles.All)
                options.AddPolicy(WebPolicies.For(role), policy => policy.RequireAuthenticatedUser().RequireClaim(ParcoursClaims.Role, role));
            // The closings, as the API's: listed by the insertion service, auditors and admins; revisions for the first two.
            options.AddPolicy(WebPolicies.Closings, policy => policy.RequireAuthenticatedUser()
                .RequireClaim(ParcoursClaims.Role, ParcoursRoles.InsertionService, ParcoursRoles.Auditor, ParcoursRoles.Admin));
            options.AddPolicy(WebPolicies.Revisions, policy => policy.RequireAuthenticatedUser()
                .RequireClaim(ParcoursClaims.Role, ParcoursRoles.InsertionService, ParcoursRoles.Auditor));
        });
        builder.Services.AddSingleton(services => new MonthlyReportQuery(
            services.GetRequiredService<Npgsql.NpgsqlDataSource>(), services.GetRequiredService<ReadModels>()));
        // Pages: a challenge sends to the sign-in page, a refusal to the French 403 page; the API keeps its problem details.
        builder.Services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, WebAuthorizationResultHandler>());
        builder.Services.AddSingleton<ProblemAuthorizationResultHandler>();
        return builder;
    }

    /// <summary>Before the API's authentication: the session cookie becomes the bearer of page requests (never of /api).</summary>
    public static WebApplication MapParcoursWeb(this WebApplication app)
    {
        app.Use(WebSession.BearerFromCookie);
        app.Use(SecurityHeaders);
        app.MapGet(CssPath, () => Results.Text(Stylesheet.Value, "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription()
            .WithMetadata(new WebEndpoint());
        app.MapRazorPages();
        return app;
    }

    /// <summary>Whether an endpoint belongs to the web pages (a Razor Page or the stylesheet), not to the API.</summary>
    public static bool IsWebEndpoint(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null
        || endpoint.Metadata.GetMetadata<WebEndpoint>() is not null;

    /// <summary>Marks the web pages' own minimal endpoints.</summary>
    public sealed class WebEndpoint;

    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Parcours.Server.Web.parcours.css")!;
        return new StreamReader(stream).ReadToEnd();
    });

    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        if (WebSession.IsPageRequest(context.Request))
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "same-origin";
            context.Response.Headers.XFrameOptions = "DENY";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
        }
        return next(context);
    }
}

/// <summary>The page policies: one per role.</summary>
public static class WebPolicies
{
    public const string Manager = "web-" + ParcoursRoles.Manager;
    public const string InsertionService = "web-" + ParcoursRoles.InsertionService;
    public const string Auditor = "web-" + ParcoursRoles.Auditor;
    public const string Closings = "web-closings";
    public const string Revisions = "web-revisions";

    public static string For(string role) => "web-" + role;
}
