using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Server.Auth.ApiTokens;
using Parcours.Server.Hosting;

namespace Parcours.Server.Auth;

/// <summary>
/// Repeated bad tokens are rate-limited per client address with ASP.NET Core's rate limiter: every request that
/// presents a bearer (header or page session) which does not authenticate, on an endpoint that requires one, takes a
/// permit from its address's fixed window (<see cref="DefaultPerMinute"/> a minute by default, configuration
/// <c>Parcours:RateLimit:FailedAuthenticationsPerMinute</c>); once they are spent, such requests answer 429
/// <c>auth.too-many-failures</c> with <c>Retry-After</c> until the window ends. Requests with a valid token (or none)
/// take no permit and are never refused, so colleagues behind the same address keep working. Behind a reverse proxy,
/// the client address is the proxy's unless forwarded headers are enabled (docs/operations.md).
/// </summary>
public static class FailedAuthenticationLimit
{
    public const string Section = "Parcours:RateLimit:FailedAuthenticationsPerMinute";
    public const int DefaultPerMinute = 20;
    public const string Code = "auth.too-many-failures";

    public static WebApplicationBuilder AddFailedAuthenticationLimit(this WebApplicationBuilder builder)
    {
        var perMinute = builder.Configuration.GetValue(Section, DefaultPerMinute);
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsFailedAuthentication(context)
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = async (rejected, _) =>
            {
                var context = rejected.HttpContext;
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                    : 60;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, Code,
                    $"Trop de tentatives avec un jeton invalide depuis cette adresse : réessayez dans {seconds} s.",
                    new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
            };
        });
        return builder;
    }

    /// <summary>After authentication: counts and refuses the failed ones.</summary>
    public static WebApplication UseFailedAuthenticationLimit(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// A bearer was presented and refused: by the endpoint's own check if it has one (<see cref="OwnBearerCheck"/>), else
    /// by the authentication schemes on an endpoint not open to anonymous callers.
    /// </summary>
    private static bool IsFailedAuthentication(HttpContext context) =>
        BearerToken.From(context.Request) is not null
        && context.GetEndpoint() is { } endpoint
        && (endpoint.Metadata.GetMetadata<OwnBearerCheck>() is { } own
            ? !own.Admits(context)
            : context.User.Identity?.IsAuthenticated != true && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null);

    private static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>Endpoint metadata: the endpoint checks the bearer itself (e.g. /metrics and its scrape token).</summary>
public sealed class OwnBearerCheck(Func<HttpContext, bool> admits)
{
    public bool Admits(HttpContext context) => admits(context);
}
