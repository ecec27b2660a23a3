using Parcours.Testing;

namespace Parcours.EmbeddedPostgres.Tests;

public sealed class SeededDatabase() : PostgresDatabaseFixture(
    "seeded", "seeded_schema", connectionString => Observe.ExecuteAsync(connectionString, "CREATE TABLE seeded (id int)"));

public class PostgresDatabaseFixtureTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    [Fact]
    public async Task Fixture_GivesAFreshCopyOfItsTemplate_ThroughItsDataSource()
    {
        await using var command = database.DataSource.CreateCommand("SELECT current_database(), (SELECT count(*) FROM seeded)");
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();

        reader.GetString(0).ShouldStartWith("seeded_");
        reader.GetInt64(1).ShouldBe(0);
    }
}
