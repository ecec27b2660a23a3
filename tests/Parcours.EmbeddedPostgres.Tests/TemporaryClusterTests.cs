using Npgsql;

namespace Parcours.EmbeddedPostgres.Tests;

public class TemporaryClusterTests
{
    [Fact]
    public async Task Start_RunsTheServerAsAnUnprivilegedUser_AndAnswersQueries()
    {
        await using var server = await EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());

        var expectedUid = Environment.IsPrivilegedProcess ? Observe.UidOf(server.OperatingSystemUser) : Observe.UidOf(Environment.UserName);
        Observe.OwnerUid(server.Pid).ShouldBe(expectedUid);
        if (Environment.IsPrivilegedProcess)
        {
            expectedUid.ShouldNotBe(0);
            server.OperatingSystemUser.ShouldBeOneOf("postgres", "parcours");
        }

        (await Observe.ScalarAsync<int>(server.ConnectionString, "SELECT 40 + 2")).ShouldBe(42);
        (await Observe.ScalarAsync<string>(server.ConnectionString, "SHOW server_encoding")).ShouldBe("UTF8");
        (await Observe.ScalarAsync<string>(server.ConnectionString, "SHOW listen_addresses")).ShouldBe("127.0.0.1");
    }

    [Fact]
    public async Task Start_TradesDurabilityForSpeed_AndProtectsThePassword()
    {
        await using var server = await EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());

        (await Observe.ScalarAsync<string>(server.ConnectionString, "SHOW fsync")).ShouldBe("off");
        (await Observe.ScalarAsync<string>(server.ConnectionString, "SHOW synchronous_commit")).ShouldBe("off");
        (await Observe.ScalarAsync<string>(server.ConnectionString, "SHOW full_page_writes")).ShouldBe("off");
        (await Observe.ScalarAsync<string>(server.ConnectionString, "SHOW max_connections")).ShouldBe("200");
        Observe.FileMode(Path.Combine(server.StateDirectory, "password"))
            .ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task WrongPassword_IsRefused()
    {
        await using var server = await EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());
        var wrong = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = "not-the-password" }.ConnectionString;

        var error = await Should.ThrowAsync<PostgresException>(() => Observe.ScalarAsync<int>(wrong, "SELECT 1"));

        error.SqlState.ShouldBe(PostgresErrorCodes.InvalidPassword);
    }

    [Fact]
    public async Task Stop_EndsTheServer_FreesThePort_AndDeletesTheDirectory()
    {
        var server = await EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());
        Observe.IsAlive(server.Pid).ShouldBeTrue();

        await server.DisposeAsync();

        Observe.IsAlive(server.Pid).ShouldBeFalse();
        Observe.IsPortFree(server.Port).ShouldBeTrue();
        Directory.Exists(server.StateDirectory).ShouldBeFalse();
    }

    [Fact]
    public async Task TwoClusters_RunSideBySide_OnDifferentPorts_WithSeparateData()
    {
        await using var first = await EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());
        await using var second = await EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());

        second.Port.ShouldNotBe(first.Port);
        second.DataDirectory.ShouldNotBe(first.DataDirectory);
        await Observe.ExecuteAsync(first.ConnectionString, "CREATE TABLE only_in_first (id int)");
        (await Observe.ScalarAsync<long>(first.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'")).ShouldBe(1);
        (await Observe.ScalarAsync<long>(second.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'")).ShouldBe(0);
    }

    [Fact]
    public async Task Start_RemovesATemporaryClusterWhoseProcessIsGone()
    {
        var orphan = await EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());
        // As if the test process that started it had been killed: its recorded owner no longer exists.
        await File.WriteAllTextAsync(Path.Combine(orphan.StateDirectory, "owner"), "2147483646 0");

        await using var next = await EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());

        Observe.IsAlive(orphan.Pid).ShouldBeFalse();
        Directory.Exists(orphan.StateDirectory).ShouldBeFalse();
        await orphan.StopAsync();
    }

    [Fact]
    public async Task TemporaryCluster_CannotBeDetached()
    {
        await Should.ThrowAsync<ArgumentException>(
            () => EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary() with { Detached = true }));
    }
}
