using Npgsql;

namespace Parcours.EmbeddedPostgres.Tests;

/// <summary>A temporary cluster made the streaming read replica of another: it follows the primary's writes and refuses its own.</summary>
public class ReplicaClusterTests
{
    [Fact]
    public async Task A_replica_replays_the_primarys_writes_and_is_read_only()
    {
        await using var primary = await EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());
        await Observe.ExecuteAsync(primary.ConnectionString, "CREATE TABLE steps (id int PRIMARY KEY, label text); INSERT INTO steps VALUES (1, 'avant la copie')");

        await using var replica = await EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary() with { ReplicaOf = primary.ConnectionString });

        replica.Port.ShouldNotBe(primary.Port);
        (await Observe.ScalarAsync<bool>(replica.ConnectionString, "SELECT pg_is_in_recovery()")).ShouldBeTrue();
        (await Observe.ScalarAsync<string>(replica.ConnectionString, "SELECT label FROM steps WHERE id = 1")).ShouldBe("avant la copie");

        // Written on the primary after the copy: streamed to the replica.
        await Observe.ExecuteAsync(primary.ConnectionString, "INSERT INTO steps VALUES (2, 'après la copie')");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await Observe.ScalarAsync<long>(replica.ConnectionString, "SELECT count(*) FROM steps") < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        (await Observe.ScalarAsync<string>(replica.ConnectionString, "SELECT label FROM steps WHERE id = 2")).ShouldBe("après la copie");
        (await Observe.ScalarAsync<string>(primary.ConnectionString, "SELECT state FROM pg_stat_replication WHERE application_name = 'parcours-replica'")).ShouldBe("streaming");

        var refused = await Should.ThrowAsync<PostgresException>(() => Observe.ExecuteAsync(replica.ConnectionString, "INSERT INTO steps VALUES (3, 'sur la réplique')"));
        refused.SqlState.ShouldBe(PostgresErrorCodes.ReadOnlySqlTransaction);
    }

    [Fact]
    public async Task A_replica_of_a_server_that_is_not_on_loopback_is_refused_before_anything_is_copied()
    {
        var error = await Should.ThrowAsync<EmbeddedPostgresException>(() => EmbeddedPostgres.StartAsync(
            EmbeddedPostgresOptions.Temporary() with { ReplicaOf = "Host=db.example;Username=postgres;Password=x" }));
        error.Message.ShouldContain("loopback");
    }
}
