using Parcours.EmbeddedPostgres;

namespace Parcours.Testing;

/// <summary>
/// The one PostgreSQL server of this test process. When <c>PARCOURS_TEST_CONNECTION</c> is set (the test
/// script started a server for the whole run) it is used as is; otherwise a temporary embedded cluster is
/// started on first use, shared by every test of the process, then stopped and deleted at process exit.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A superuser connection string to the server's <c>postgres</c> database.</summary>
    public static Task<string> GetConnectionStringAsync() => Server.Value;

    private static async Task<string> StartAsync()
    {
        if (DatabaseConnection.FromEnvironment(DatabaseConnection.TestVariable) is { } existing)
        {
            return existing;
        }

        // The instance stops itself and deletes its directory on ProcessExit; should the process be killed
        // instead, its watchdog does it (see ExitWatchdog).
        var server = await EmbeddedPostgres.EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());
        return server.ConnectionString;
    }
}
