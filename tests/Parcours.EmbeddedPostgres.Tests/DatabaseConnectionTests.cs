namespace Parcours.EmbeddedPostgres.Tests;

public class DatabaseConnectionTests
{
    // A variable of this test's own: PARCOURS_TEST_CONNECTION may be set for the whole run.
    private const string Variable = "PARCOURS_CONNECTION_TESTS_ONLY";

    [Fact]
    public async Task Resolve_WithTheVariableSet_UsesThatServer_AndStartsNothing()
    {
        Environment.SetEnvironmentVariable(Variable, " Host=db.example;Username=parcours ");
        try
        {
            var stateDirectory = Observe.NewStateDirectory();

            await using var resolved = await DatabaseConnection.ResolveAsync(Variable, EmbeddedPostgresOptions.Persistent(stateDirectory));

            resolved.ConnectionString.ShouldBe("Host=db.example;Username=parcours");
            resolved.Embedded.ShouldBeNull();
            Directory.Exists(stateDirectory).ShouldBeFalse();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Fact]
    public async Task Resolve_WithoutTheVariable_StartsTheEmbeddedCluster()
    {
        await using var resolved = await DatabaseConnection.ResolveAsync(Variable + "_UNSET", EmbeddedPostgresOptions.Temporary());

        resolved.Embedded.ShouldNotBeNull();
        resolved.ConnectionString.ShouldBe(resolved.Embedded.ConnectionString);
        (await Observe.ScalarAsync<int>(resolved.ConnectionString, "SELECT 1")).ShouldBe(1);
    }
}
