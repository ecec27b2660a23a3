using Parcours.Application.Hosting;
using Parcours.EmbeddedPostgres;

namespace Parcours.Server.Hosting;

/// <summary>
/// The server's database: the one named by PARCOURS_CONNECTION as given, or else the <c>parcours</c> database of the
/// private PostgreSQL (started, or attached to if already running, and the database created on first use).
/// Disposing stops the private PostgreSQL if it was started here.
/// </summary>
public sealed class ApplicationDatabase : IAsyncDisposable
{
    public const string EmbeddedDatabaseName = "parcours";

    private readonly ResolvedServer _server;

    private ApplicationDatabase(ResolvedServer server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>The private cluster's folder (where the identity master key file lives); null on an external server.</summary>
    public string? StateDirectory => _server.Embedded?.StateDirectory;

    public static async Task<ApplicationDatabase> ResolveAsync(string? stateDirectory, Action<string>? log, CancellationToken cancellationToken)
    {
        var server = await DatabaseConnection.ResolveAsync(
            DatabaseConnection.ApplicationVariable,
            EmbeddedPostgresOptions.Persistent(stateDirectory) with { Log = log },
            cancellationToken);
        if (server.Embedded is null)
        {
            return new ApplicationDatabase(server, server.ConnectionString);
        }

        try
        {
            var connection = await DatabaseAdmin.EnsureExistsAsync(server.ConnectionString, EmbeddedDatabaseName, cancellationToken);
            return new ApplicationDatabase(server, connection);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
