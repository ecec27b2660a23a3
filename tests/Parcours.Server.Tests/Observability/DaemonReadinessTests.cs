using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Parcours.Testing;

namespace Parcours.Server.Tests.Observability;

/// <summary>A database of its own, healthy and at the right schema version.</summary>
public sealed class DaemonlessDatabase : PostgresDatabaseFixture;

/// <summary>Readiness reflects the projection daemon, not only the database.</summary>
public sealed class DaemonReadinessTests(DaemonlessDatabase database) : IClassFixture<DaemonlessDatabase>
{
    [Fact]
    public async Task With_a_healthy_database_the_server_is_not_ready_while_the_projection_daemon_has_not_caught_up()
    {
        // The same server without its hosted projection daemon: the database answers, the schema is created, but the
        // indicators are never brought up to date.
        await using var server = await ServerUnderTest.StartAsync(database.ConnectionString, SystemClock.Instance, null, builder =>
        {
            var daemon = builder.Services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType?.Name == "ProjectionDaemonService");
            builder.Services.Remove(daemon);
        });

        HttpResponseMessage response;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(100);
            response = await server.Client.GetAsync("/health/ready");
        }
        while (!(await response.Content.ReadAsStringAsync()).Contains("projection") && DateTime.UtcNow < deadline);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var problem = await HealthTests.Json(response);
        problem.GetProperty("detail").GetString()!.ShouldStartWith("La projection des indicateurs rattrape le journal");
        problem.GetProperty("projections").GetProperty("caughtUpSinceStart").GetBoolean().ShouldBeFalse();
        (await server.Client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
