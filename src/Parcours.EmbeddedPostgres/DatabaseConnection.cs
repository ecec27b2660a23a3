namespace Parcours.EmbeddedPostgres;

/// <summary>
/// Chooses the server: an existing one named by an environment variable, otherwise an embedded cluster.
/// <c>PARCOURS_CONNECTION</c> serves the application, <c>PARCOURS_TEST_CONNECTION</c> the tests (a
/// superuser connection string to the <c>postgres</c> database, so that tests can create databases).
/// </summary>
public static class DatabaseConnection
{
    public const string ApplicationVariable = "PARCOURS_CONNECTION";

    public const string TestVariable = "PARCOURS_TEST_CONNECTION";

    /// <summary>A streaming read replica of the application's database, for the server's report and audit queries.</summary>
    public const string ReadReplicaVariable = "PARCOURS_READ_CONNECTION";

    /// <summary>The variable's value, or null when it is unset or blank.</summary>
    public static string? FromEnvironment(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>
    /// Uses the server named by <paramref name="variable"/> when set; otherwise starts (or attaches to) the
    /// embedded cluster described by <paramref name="fallback"/>. Dispose the result to release what was started.
    /// </summary>
    public static async Task<ResolvedServer> ResolveAsync(
        string variable, EmbeddedPostgresOptions fallback, CancellationToken cancellationToken = default)
    {
        if (FromEnvironment(variable) is { } existing)
        {
            fallback.Log?.Invoke($"Using the PostgreSQL server given by {variable}.");
            return new ResolvedServer(existing, embedded: null);
        }

        var embedded = await EmbeddedPostgres.StartAsync(fallback, cancellationToken);
        return new ResolvedServer(embedded.ConnectionString, embedded);
    }
}

/// <summary>A server to talk to; <see cref="Embedded"/> is null when it came from an environment variable.</summary>
public sealed class ResolvedServer : IAsyncDisposable
{
    internal ResolvedServer(string connectionString, EmbeddedPostgres? embedded)
    {
        ConnectionString = connectionString;
        Embedded = embedded;
    }

    public string ConnectionString { get; }

    public EmbeddedPostgres? Embedded { get; }

    public ValueTask DisposeAsync() => Embedded?.DisposeAsync() ?? ValueTask.CompletedTask;
}
