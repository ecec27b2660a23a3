using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime.Testing;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Parcours.Server.Auth;
using Parcours.Server.Auth.ApiTokens;
using Parcours.Server.Tests.Api;
using PostgresServer = Parcours.EmbeddedPostgres.EmbeddedPostgres;

namespace Parcours.Server.Tests;

/// <summary>
/// The configuration of docs/scaling.md: a streaming read replica on loopback serves the report and audit queries
/// while the primary takes the writes. Pausing the replica's WAL replay shows which server answers.
/// </summary>
public sealed class ReadReplicaTests
{
    [Fact]
    public async Task Histories_and_indicators_are_read_on_the_replica_while_commands_write_the_primary()
    {
        await using var primary = await PostgresServer.StartAsync(EmbeddedPostgresOptions.Temporary());
        await ExecuteAsync(primary.ConnectionString, "CREATE DATABASE parcours");
        await using var replica = await PostgresServer.StartAsync(EmbeddedPostgresOptions.Temporary() with { ReplicaOf = primary.ConnectionString });
        var server = await ServerUnderTest.StartAsync(
            primary.ConnectionStringFor("parcours"), replica.ConnectionStringFor("parcours"), new FakeClock(ApiFixture.Now), null, null);
        await server.Services.GetRequiredService<EventStore.EventStore>().RegisterTenantAsync(TenantId.Parse(ApiFixture.Dep), "Haute-Garonne");
        var tokens = server.Services.GetRequiredService<ApiTokenStore>();
        var tenant = TenantId.Parse(ApiFixture.Dep);
        using var manager = server.CreateClient((await tokens.CreateAsync(ParcoursRoles.Manager, tenant, null, "gestionnaire")).Secret);
        using var auditor = server.CreateClient((await tokens.CreateAsync(ParcoursRoles.Auditor, tenant, null, "auditeur")).Secret);
        using var insertion = server.CreateClient((await tokens.CreateAsync(ParcoursRoles.InsertionService, tenant, null, "insertion")).Secret);

        var caseId = await manager.CreateCaseAsync();
        (await EventuallyAsync(() => HistoryLengthAsync(auditor, caseId), length => length == 1)).ShouldBe(1);

        // Replay paused: the replica stays where it is while the primary takes a new step.
        await ExecuteAsync(replica.ConnectionStringFor("parcours"), "SELECT pg_wal_replay_pause()");
        await (await manager.PostAsync($"{Steps.Case(caseId)}/diagnostics", Steps.Diagnostic(), ifMatch: "\"1\"")).ShouldBeAsync(HttpStatusCode.OK);
        await Task.Delay(300);
        (await HistoryLengthAsync(auditor, caseId)).ShouldBe(1); // the history comes from the replica
        (await insertion.GetAsync($"/api/departements/{ApiFixture.Dep}/indicators/2025-05")).StatusCode.ShouldBe(HttpStatusCode.OK); // and reports: read-only there

        await ExecuteAsync(replica.ConnectionStringFor("parcours"), "SELECT pg_wal_replay_resume()");
        (await EventuallyAsync(() => HistoryLengthAsync(auditor, caseId), length => length == 2)).ShouldBe(2);

        // The server's connections to the replica close with it.
        const string ServerReads = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'parcours-server-reads'";
        (await ScalarAsync(replica.ConnectionStringFor("parcours"), ServerReads)).ShouldBeGreaterThan(0);
        await server.DisposeAsync();
        (await EventuallyAsync(() => ScalarAsync(replica.ConnectionStringFor("parcours"), ServerReads), count => count == 0)).ShouldBe(0);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> HistoryLengthAsync(HttpClient auditor, Guid caseId)
    {
        using var response = await auditor.GetAsync($"{Steps.Case(caseId)}/history");
        if (response.StatusCode == HttpStatusCode.NotFound) return 0;
        return (await response.ShouldBeAsync(HttpStatusCode.OK)).GetProperty("events").GetArrayLength();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await read();
        }
        return value;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
