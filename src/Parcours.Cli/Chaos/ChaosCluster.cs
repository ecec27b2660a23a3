using Parcours.Application.Hosting;
using Parcours.EmbeddedPostgres;

namespace Parcours.Cli.Chaos;

/// <summary>
/// The chaos scenarios' own PostgreSQL: a private cluster in a fresh temporary folder (never the application's
/// database), which can be stopped and started again on the same loopback port (a PostgreSQL restart), then stopped and
/// deleted at the end.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    private readonly EmbeddedPostgresOptions _options;
    private EmbeddedPostgres.EmbeddedPostgres _server;

    private ChaosCluster(EmbeddedPostgresOptions options, EmbeddedPostgres.EmbeddedPostgres server)
    {
        _options = options;
        _server = server;
    }

    /// <summary>Superuser connection string to the <c>postgres</c> database.</summary>
    public string ServerConnection => _server.ConnectionString;

    public static async Task<ChaosCluster> StartAsync(Action<string>? log, CancellationToken ct)
    {
        // Persistent mode (a temporary cluster deletes its folder when stopped), in a throw-away folder deleted by DisposeAsync.
        var folder = Path.Combine(Path.GetTempPath(), $"parcours-chaos-{Guid.NewGuid():N}"[..28]);
        var options = EmbeddedPostgresOptions.Persistent(folder) with { Log = log };
        return new ChaosCluster(options, await EmbeddedPostgres.EmbeddedPostgres.StartAsync(options, ct));
    }

    /// <summary>A new empty database on the cluster; its connection string.</summary>
    public Task<string> CreateDatabaseAsync(string name, CancellationToken ct) => DatabaseAdmin.RecreateAsync(ServerConnection, name, ct);

    /// <summary>Stops PostgreSQL (fast shutdown: sessions are ended, open transactions rolled back).</summary>
    public Task StopAsync(CancellationToken ct) => _server.StopAsync(ct);

    /// <summary>Starts it again on the same port (the one clients hold in their connection strings).</summary>
    public async Task StartAgainAsync(CancellationToken ct)
    {
        var port = _server.Port;
        _server = await EmbeddedPostgres.EmbeddedPostgres.StartAsync(_options, ct);
        if (_server.Port != port) throw new InvalidOperationException($"PostgreSQL came back on port {_server.Port} instead of {port}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        try
        {
            Directory.Delete(_options.StateDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
