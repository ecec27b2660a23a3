using System.Net;
using Npgsql;
using Parcours.EventStore.Schema;
using Parcours.Testing;

namespace Parcours.Server.Tests;

public sealed class ReadinessFailureTests
{
    [Fact]
    public async Task Ready_answers_503_problem_details_when_the_database_is_unreachable_while_live_stays_200()
    {
        await using var server = await ServerUnderTest.StartAsync(ServerUnderTest.UnreachableDatabase());

        (await server.Client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var response = await server.Client.GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await HealthTests.Json(response);
        problem.GetProperty("status").GetInt32().ShouldBe(503);
        problem.GetProperty("title").GetString().ShouldBe("Service indisponible");
        problem.GetProperty("detail").GetString().ShouldBe("La base de données ne répond pas.");
        problem.GetProperty("expectedSchemaVersion").GetInt32().ShouldBe(EventStoreSchema.CurrentVersion);
        problem.TryGetProperty("schemaVersion", out _).ShouldBeFalse();
    }
}

/// <summary>A database whose schema is newer than this build: reachable, but not ready for this server.</summary>
public sealed class NewerSchemaDatabase : PostgresDatabaseFixture;

public sealed class SchemaVersionMismatchTests(NewerSchemaDatabase database) : IClassFixture<NewerSchemaDatabase>
{
    [Fact]
    public async Task Ready_answers_503_when_the_schema_is_not_at_the_version_this_server_expects()
    {
        var newer = EventStoreSchema.CurrentVersion + 1;
        await EventStoreSchema.EnsureAsync(database.DataSource);
        await using (var command = database.DataSource.CreateCommand(
            $"INSERT INTO parcours.schema_version (version, description) VALUES ({newer}, 'from a later build')"))
        {
            await command.ExecuteNonQueryAsync();
        }
        await using var server = await ServerUnderTest.StartAsync(database.ConnectionString);

        var response = await server.Client.GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await HealthTests.Json(response);
        problem.GetProperty("schemaVersion").GetInt32().ShouldBe(newer);
        problem.GetProperty("detail").GetString()!.ShouldContain($"version {newer}");
    }
}
