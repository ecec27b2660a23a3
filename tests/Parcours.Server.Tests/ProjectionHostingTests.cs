using System.Net;
using System.Text.Json;
using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Testing;

namespace Parcours.Server.Tests;

/// <summary>A database of its own: the hosted daemon projects what is appended through the server's store.</summary>
public sealed class ProjectionHostingDatabase : PostgresDatabaseFixture;

public sealed class ProjectionHostingTests(ProjectionHostingDatabase database) : IClassFixture<ProjectionHostingDatabase>
{
    [Fact]
    public async Task The_hosted_daemon_follows_appends_made_through_the_servers_store_and_ready_reports_its_lag()
    {
        await using var server = await ServerUnderTest.StartAsync(database.ConnectionString);
        var store = server.Services.GetService(typeof(EventStore.EventStore)).ShouldBeOfType<EventStore.EventStore>();
        var models = server.Services.GetService(typeof(ReadModels)).ShouldBeOfType<ReadModels>();
        store.ShouldBeSameAs(models.Store, "the server's store carries the inline projections");
        await WaitUntilReadyAsync(server.Client);

        var tenant = TenantId.Parse("31");
        await store.RegisterTenantAsync(tenant, "Haute-Garonne");
        var caseId = CaseId.New();
        await store.AppendAsync(tenant, new StreamId(caseId.Value), "pathway", ExpectedVersion.NoStream,
            [new RsaEntered(new LocalDate(2025, 5, 20), new LocalDate(2025, 6, 2), true, EntrySource.CafFlux, "T1")], new EventMetadata("gsb-31-001"));

        // No call to the daemon here: the hosted service wakes on the store's notification and projects the case.
        var deadline = DateTime.UtcNow.AddSeconds(60); // a loaded machine, other databases' transactions holding the reader back
        long results;
        do
        {
            await Task.Delay(100);
            await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM parcours_read.indicator_results WHERE case_id = $1");
            command.Parameters.Add(new() { Value = caseId.Value });
            results = (long)(await command.ExecuteScalarAsync())!;
        }
        while (results == 0 && DateTime.UtcNow < deadline);
        results.ShouldBeGreaterThan(0);

        var body = await WaitUntilReadyAsync(server.Client);
        var lag = body.GetProperty("projections").GetProperty("tenants").EnumerateArray().Single();
        lag.GetProperty("tenant").GetString().ShouldBe("31");
        lag.GetProperty("eventsBehind").GetInt64().ShouldBe(0);
        body.GetProperty("projections").GetProperty("caughtUpSinceStart").GetBoolean().ShouldBeTrue();
    }

    /// <summary>Polls /health/ready as an orchestrator would, until 200 (the daemon's first catch-up takes a moment).</summary>
    internal static async Task<JsonElement> WaitUntilReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var response = await client.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                return await HealthTests.Json(response);
            }
            await Task.Delay(50);
        }
    }
}
