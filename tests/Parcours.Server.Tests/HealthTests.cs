using System.Net;
using System.Text.Json;
using Npgsql;
using Parcours.Domain.Pathways;
using Parcours.EventStore.Schema;
using Parcours.Testing;

namespace Parcours.Server.Tests;

/// <summary>An empty database: the server creates the event store schema at start-up.</summary>
public sealed class EmptyServerDatabase : PostgresDatabaseFixture;

public sealed class HealthTests(EmptyServerDatabase database) : IClassFixture<EmptyServerDatabase>, IAsyncLifetime
{
    private ServerUnderTest _server = null!;

    public async Task InitializeAsync() => _server = await ServerUnderTest.StartAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Live_answers_200()
    {
        var response = await _server.Client.GetAsync("/health/live");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Json(response)).GetProperty("status").GetString().ShouldBe("up");
    }

    [Fact]
    public async Task Ready_answers_200_with_the_schema_version_once_start_up_has_created_the_schema()
    {
        var body = await ProjectionHostingTests.WaitUntilReadyAsync(_server.Client); // once the projection daemon has caught up
        var response = await _server.Client.GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        body.GetProperty("status").GetString().ShouldBe("ready");
        body.GetProperty("schemaVersion").GetInt32().ShouldBe(EventStoreSchema.CurrentVersion);
        await using var command = database.DataSource.CreateCommand("SELECT max(version) FROM parcours.schema_version");
        ((int)(await command.ExecuteScalarAsync())!).ShouldBe(EventStoreSchema.CurrentVersion);
    }

    [Fact]
    public async Task The_event_store_is_one_singleton_on_the_database_knowing_the_pathway_events()
    {
        var store = _server.Services.GetService(typeof(EventStore.EventStore)).ShouldBeOfType<EventStore.EventStore>();

        _server.Services.GetService(typeof(EventStore.EventStore)).ShouldBeSameAs(store);
        var (type, name) = PathwayEventTypes.All.First();
        store.Options.Types.NameOf(type).ShouldBe(name);
        var dataSource = _server.Services.GetService(typeof(NpgsqlDataSource)).ShouldBeAssignableTo<NpgsqlDataSource>()!;
        new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database
            .ShouldBe(new NpgsqlConnectionStringBuilder(database.ConnectionString).Database);
    }

    internal static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
