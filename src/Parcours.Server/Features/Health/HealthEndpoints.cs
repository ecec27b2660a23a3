using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using Parcours.Projections;
using Parcours.Server.Features.Projections;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Health;

/// <summary>
/// Probes for orchestrators and load balancers, open without authentication: <c>/health/live</c> (the process
/// answers) and <c>/health/ready</c> (the database answers, its schema is at the version this build expects, and the
/// projection daemon has caught the log up since start-up; the body gives its lag per tenant).
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var health = endpoints.MapGroup("/health").AllowAnonymous().WithTags("Health");
        health.MapGet("/live", () => TypedResults.Ok(new LiveStatus("up")));
        health.MapGet("/ready", ReadyAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<ReadyStatus>, ProblemHttpResult>> ReadyAsync(
        NpgsqlDataSource dataSource, DaemonStatus daemon, ReadModels models, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        var readiness = await DatabaseReadiness.CheckAsync(dataSource, context.RequestAborted);
        if (readiness.IsReady)
        {
            // Ready once the projection daemon has caught the log up since start-up; its lag is in the body either way.
            var projections = await ProjectionReadiness.CheckAsync(daemon, models, context.RequestAborted);
            if (projections.CaughtUpSinceStart)
            {
                return TypedResults.Ok(new ReadyStatus("ready", readiness.SchemaVersion!.Value, projections));
            }
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: ProblemTitles.For(StatusCodes.Status503ServiceUnavailable),
                detail: $"La projection des indicateurs rattrape le journal ({projections.Tenants.Sum(t => t.EventsBehind)} événements en attente).",
                extensions: new Dictionary<string, object?> { ["projections"] = projections });
        }

        var extensions = new Dictionary<string, object?> { ["expectedSchemaVersion"] = readiness.ExpectedSchemaVersion };
        if (readiness.SchemaVersion is { } version)
        {
            extensions["schemaVersion"] = version;
        }
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: ProblemTitles.For(StatusCodes.Status503ServiceUnavailable),
            detail: readiness.Problem,
            extensions: extensions);
    }

    public sealed record LiveStatus(string Status);

    public sealed record ReadyStatus(string Status, int SchemaVersion, ProjectionReadiness Projections);
}
