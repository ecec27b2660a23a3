using Npgsql;
using Parcours.Testing;

namespace Parcours.EmbeddedPostgres.Tests;

public class TestDatabaseTests
{
    [Fact]
    public async Task TwoDatabases_FromTheSameHint_AreDistinctAndIsolated()
    {
        var first = await TestDatabase.CreateAsync(nameof(TestDatabaseTests));
        var second = await TestDatabase.CreateAsync(nameof(TestDatabaseTests));

        Database(first).ShouldNotBe(Database(second));
        Database(first).ShouldStartWith("testdatabasetests_");
        await Observe.ExecuteAsync(first, "CREATE TABLE only_in_first (id int)");
        (await Observe.ScalarAsync<long>(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'")).ShouldBe(0);
    }

    [Fact]
    public async Task Template_IsInitialisedOnce_EvenForConcurrentCallers_AndEachCopyStartsFromIt()
    {
        var initialisations = 0;
        var key = $"schema_{Guid.NewGuid():N}";
        async Task Initialize(string connectionString)
        {
            Interlocked.Increment(ref initialisations);
            await Task.Delay(200); // Long enough for every caller to arrive while it runs.
            await Observe.ExecuteAsync(connectionString, "CREATE TABLE events (id int); INSERT INTO events VALUES (1)");
        }

        var databases = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => Task.Run(() => TestDatabase.CreateAsync($"copy {i}", key, Initialize))));

        initialisations.ShouldBe(1);
        databases.Select(Database).Distinct().Count().ShouldBe(6);
        await Observe.ExecuteAsync(databases[0], "INSERT INTO events VALUES (2)");
        foreach (var database in databases.Skip(1))
        {
            (await Observe.ScalarAsync<long>(database, "SELECT count(*) FROM events")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Template_LeftConnectedByItsInitialiser_CanStillBeCopied()
    {
        NpgsqlDataSource? leaked = null;
        Task Initialize(string connectionString)
        {
            leaked = NpgsqlDataSource.Create(connectionString);
            return leaked.OpenConnection().ExecuteAsync("CREATE TABLE t (id int)");
        }

        var database = await TestDatabase.CreateAsync("leaky", $"leaky_{Guid.NewGuid():N}", Initialize);

        (await Observe.ScalarAsync<long>(database, "SELECT count(*) FROM t")).ShouldBe(0);
        await leaked!.DisposeAsync();
    }

    [Fact]
    public async Task TemplateKey_WithoutItsInitialisation_IsRejected()
    {
        await Should.ThrowAsync<ArgumentException>(() => TestDatabase.CreateAsync("x", templateKey: "orphan_key"));
    }

    private static string Database(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;
}

internal static class ConnectionExtensions
{
    public static async Task ExecuteAsync(this NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
