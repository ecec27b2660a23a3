using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Parcours.Projections;
using Parcours.Server.Auth;
using Parcours.Server.Auth.ApiTokens;
using Parcours.Server.Features.Projections;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Metrics;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format (OpenTelemetry's exporter): the server's meter
/// (<see cref="ParcoursMetrics"/>), the importers' meter, and ASP.NET Core's HTTP server meters (requests by route,
/// method and status). Who may read it: any caller on the loopback address (a scraper on the same host), and from
/// elsewhere only a caller presenting <c>Authorization: Bearer</c> with the token configured in
/// <c>Parcours:Metrics:Token</c> (unset: loopback only). The API's tokens give no access: metrics are the operators'.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";
    public const string TokenSetting = "Parcours:Metrics:Token";
    public const string Forbidden = "metrics.forbidden";

    public static WebApplicationBuilder AddParcoursMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ParcoursMetrics>();
        builder.Services.AddSingleton(new MetricsAccess(builder.Configuration[TokenSetting]));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics
                .AddMeter(ParcoursMetrics.MeterName, ParcoursMetrics.ImportMeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
            // Meters are matched by name in the whole process: keep only this host's (several hosts share a test process).
            ((IDeferredMeterProviderBuilder)metrics).Configure((services, provider) =>
            {
                var own = services.GetRequiredService<IMeterFactory>();
                provider.AddView(instrument => instrument.Meter.Scope is IMeterFactory factory && factory != own ? MetricStreamConfiguration.Drop : null);
            });
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        var access = endpoints.ServiceProvider.GetRequiredService<MetricsAccess>();
        endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (!access.Admits(context))
                {
                    await RefuseAsync(context);
                    return;
                }
                var services = context.RequestServices;
                var lag = await ProjectionReadiness.CheckAsync(
                    services.GetRequiredService<DaemonStatus>(), services.GetRequiredService<ReadModels>(), context.RequestAborted);
                services.GetRequiredService<ParcoursMetrics>().SetProjectionLag(lag.Tenants);
                await next(context);
            }), optionsName: null)
            .AllowAnonymous()
            .WithMetadata(new OwnBearerCheck(access.Admits))
            .WithDisplayName("Metrics");
        return endpoints;
    }

    private static Task RefuseAsync(HttpContext context)
    {
        if (BearerToken.From(context.Request) is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, ProblemAuthorizationResultHandler.AuthRequired,
                "Les métriques se lisent depuis la machine du serveur, ou avec le jeton de supervision (Parcours:Metrics:Token).");
        }
        return Problems.WriteAsync(context, StatusCodes.Status403Forbidden, Forbidden,
            "Ce jeton ne donne pas accès aux métriques : seul le jeton de supervision (Parcours:Metrics:Token) y donne accès.");
    }
}

/// <summary>Who may read the metrics: loopback callers, or the configured scrape token (compared in constant time).</summary>
public sealed class MetricsAccess(string? token)
{
    private readonly byte[]? _token = string.IsNullOrWhiteSpace(token) ? null : Encoding.UTF8.GetBytes(token.Trim());

    public bool Admits(HttpContext context)
    {
        if (BearerToken.From(context.Request) is { } bearer)
            return _token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(bearer), _token);
        return context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
    }
}
