using Npgsql;
using Parcours.EmbeddedPostgres.Internal;

namespace Parcours.EmbeddedPostgres;

/// <summary>
/// A private PostgreSQL cluster run from the machine's server binaries: created on first start, bound to
/// 127.0.0.1 on a free port, reached with a generated superuser password. Start it with
/// <see cref="StartAsync"/>; disposing stops it unless it was started <see cref="EmbeddedPostgresOptions.Detached"/>
/// or was found already running (then this object merely attached to it).
/// </summary>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    public const string SuperUser = "postgres";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly ClusterLayout layout;
    private readonly EmbeddedPostgresOptions options;
    private readonly PostgresBinaries binaries;
    private readonly ServiceAccount account;
    private readonly Action<string> log;
    private readonly SemaphoreSlim stopping = new(1, 1);
    private bool stopped;

    private EmbeddedPostgres(
        EmbeddedPostgresOptions options,
        ClusterLayout layout,
        PostgresBinaries binaries,
        ServiceAccount account,
        PostmasterPidFile server,
        bool wasAlreadyRunning)
    {
        this.options = options;
        this.layout = layout;
        this.binaries = binaries;
        this.account = account;
        log = options.Log ?? (_ => { });
        Pid = server.Pid;
        Port = server.Port;
        WasAlreadyRunning = wasAlreadyRunning;
        ConnectionString = BuildConnectionString(server.Port, layout.ReadPassword(), "postgres");
        if (StopsOnDispose)
        {
            AppDomain.CurrentDomain.ProcessExit += StopOnProcessExit;
        }
    }

    /// <summary>Superuser connection string to the <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    public int Port { get; }

    /// <summary>The postmaster's process id.</summary>
    public int Pid { get; }

    public ClusterMode Mode => options.Mode;

    public string StateDirectory => layout.StateDirectory;

    public string DataDirectory => layout.DataDirectory;

    /// <summary>The operating-system user that owns the cluster and runs the server.</summary>
    public string OperatingSystemUser => account.UserName;

    /// <summary>True when a server was already running on this data directory and this object attached to it.</summary>
    public bool WasAlreadyRunning { get; }

    private bool StopsOnDispose => !options.Detached && !WasAlreadyRunning;

    /// <summary>The same server, another database.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <summary>
    /// Stops the server (<c>pg_ctl stop -m fast</c>, then immediate if that times out), whoever started it,
    /// and empties the Npgsql pool of <see cref="ConnectionString"/> (pools of other connection strings to
    /// this server are the caller's to clear); a temporary cluster's directory is then deleted. Calling it
    /// again does nothing.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await stopping.WaitAsync(cancellationToken);
        try
        {
            if (stopped)
            {
                return;
            }

            AppDomain.CurrentDomain.ProcessExit -= StopOnProcessExit;
            await StopServerAsync(layout, binaries, account, log, cancellationToken);

            // Idle pooled connections now point at a dead server; a restart on the same port would hand them out.
            NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
            if (options.Mode == ClusterMode.Temporary)
            {
                TemporaryClusterJanitor.Delete(layout.StateDirectory, log);
            }

            stopped = true;
        }
        finally
        {
            stopping.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (StopsOnDispose)
        {
            await StopAsync();
        }
    }

    internal static string BuildConnectionString(int port, string password, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Password = password,
            Database = database,
        }.ConnectionString;

    private void StopOnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            StopAsync().Wait(StopTimeout);
        }
        catch (Exception failure)
        {
            log($"Could not stop PostgreSQL at exit: {failure.Message}");
        }
    }
}
