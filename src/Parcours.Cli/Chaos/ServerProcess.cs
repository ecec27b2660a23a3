using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NodaTime;
using Npgsql;
using Parcours.Application.Identity;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Server.Auth;
using Parcours.Server.Auth.ApiTokens;

namespace Parcours.Cli.Chaos;

/// <summary>
/// <c>parcours serve</c> as a real child process (this same program, through <c>dotnet parcours.dll</c> when run that
/// way, also from a test host) on a given database and loopback port; it can be killed with SIGKILL (kill -9) and
/// started again on the same port. The last lines it printed are kept for failure messages.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly string _database;
    private readonly string _masterKey;
    private readonly string _name;
    private readonly Queue<string> _lastLines = new();
    private Process? _process;

    public ServerProcess(string database, string masterKey, string name, int? port = null)
    {
        _database = database;
        _masterKey = masterKey;
        _name = name;
        BaseAddress = new Uri($"http://127.0.0.1:{port ?? FreeLoopbackPort()}");
    }

    public Uri BaseAddress { get; }

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Creates the schemas in <paramref name="database"/>, registers the tenant 31 and returns a new manager token for it.</summary>
    public static async Task<string> PrepareWithManagerTokenAsync(string database, string tokenName, CancellationToken ct)
    {
        var tenant = TenantId.Parse("31");
        await using var dataSource = NpgsqlDataSource.Create(database);
        var models = await ReadModels.OpenAsync(dataSource, SystemClock.Instance, ct: ct);
        await ApiTokenSchema.EnsureAsync(dataSource, ct);
        await models.Store.RegisterTenantAsync(tenant, "Haute-Garonne", ct);
        return (await new ApiTokenStore(dataSource, SystemClock.Instance).CreateAsync(ParcoursRoles.Manager, tenant, null, tokenName, ct)).Secret;
    }

    /// <summary>A master key for servers sharing one database (they must share it, like the servers of one deployment).</summary>
    public static string NewMasterKey() => MasterKey.Generate().ToBase64();

    /// <summary>Starts the process and waits until it answers <c>/health/live</c> (<paramref name="ready"/>: <c>/health/ready</c>).</summary>
    public async Task StartAsync(bool ready, CancellationToken ct)
    {
        if (ProcessId is not null) throw new InvalidOperationException($"Server {_name} is already running.");
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's path.");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        foreach (var argument in new[] { "serve", "--urls", BaseAddress.ToString().TrimEnd('/') }) start.ArgumentList.Add(argument);
        start.Environment[DatabaseConnection.ApplicationVariable] = _database;
        start.Environment[MasterKeyProvider.Variable] = _masterKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilAsync(ready ? "/health/ready" : "/health/live", StartTimeout, ct);
    }

    /// <summary>kill -9: the process gets no chance to finish a request, a transaction or a projection batch.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process) return;
        if (!process.HasExited) process.Kill(entireProcessTree: true); // SIGKILL on Linux
        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
        _process = null;
    }

    /// <summary>Waits until <paramref name="path"/> answers 2xx, failing if the process exits or the time runs out.</summary>
    public async Task WaitUntilAsync(string path, TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is not { HasExited: false }) throw Failure($"exited (code {_process?.ExitCode})");
            try
            {
                using var response = await http.GetAsync(path, ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
            }
            await Task.Delay(200, ct);
        }
        throw Failure($"did not answer {path} within {timeout.TotalSeconds:0} s");
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private InvalidOperationException Failure(string what)
    {
        lock (_lastLines)
            return new InvalidOperationException($"Server {_name} ({BaseAddress}) {what}. Its last lines:{Environment.NewLine}{string.Join(Environment.NewLine, _lastLines)}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40) _lastLines.Dequeue();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
