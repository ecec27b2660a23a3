using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NodaTime;
using Npgsql;
using Parcours.Application.Hosting;
using Parcours.Benchmarks;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Server.Auth;
using Parcours.Server.Auth.ApiTokens;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours bench http</c>: starts <c>parcours serve</c> as a child process on a scratch database and a free loopback
/// port, issues a manager token, and runs <see cref="HttpCommandBenchmark"/> against it. The server runs in its own
/// process so that its memory is measured alone.
/// </summary>
public static class HttpBenchCommand
{
    private static readonly TenantId Tenant = TenantId.Parse("31");

    public static Command Create(string scratchDatabase)
    {
        var seconds = new Option<int>("--seconds") { Description = "Measured seconds of each side, in alternating rounds (after a warm-up).", DefaultValueFactory = _ => 12 };
        var clients = new Option<int>("--clients") { Description = "Concurrent HTTP clients (and raw INSERT clients).", DefaultValueFactory = _ => 8 };
        var cases = new Option<int>("--cases") { Description = "Cases created at set-up; each command picks one at random.", DefaultValueFactory = _ => 2_000 };
        var command = new Command("http", "HTTP step commands end to end (real server process, real token) against raw single INSERTs.") { seconds, clients, cases };
        foreach (var option in new[] { seconds, clients, cases })
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1) result.AddError($"{option.Name} must be at least 1.");
            });
        command.SetAction(async (parse, ct) =>
        {
            var options = new HttpBenchmarkOptions
            {
                Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                Clients = parse.GetValue(clients),
                Cases = parse.GetValue(cases),
            };
            await using var server = await DatabaseConnection.ResolveAsync(
                DatabaseConnection.ApplicationVariable,
                EmbeddedPostgresOptions.Temporary() with { Log = line => Console.Error.WriteLine(line) },
                ct);
            var database = await DatabaseAdmin.RecreateAsync(server.ConnectionString, scratchDatabase, ct);
            try
            {
                var token = await IssueManagerTokenAsync(database, ct);
                using var process = StartServer(database, FreeLoopbackPort(), out var baseAddress);
                try
                {
                    await WaitUntilReadyAsync(baseAddress, process, ct);
                    await HttpCommandBenchmark.RunAsync(database, new HttpServerUnderTest(baseAddress, Tenant.Code, token, process.Id), options,
                        result => Console.WriteLine(result.ToJsonLine()), line => Console.Error.WriteLine(line), ct);
                }
                finally
                {
                    if (!process.HasExited) process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None);
                }
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await DatabaseAdmin.DropAsync(server.ConnectionString, scratchDatabase, CancellationToken.None);
            }
            return 0;
        });
        return command;
    }

    private static async Task<string> IssueManagerTokenAsync(string database, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await ReadModels.EnsureSchemasAsync(dataSource, ct);
        await ApiTokenSchema.EnsureAsync(dataSource, ct);
        await new EventStore.EventStore(dataSource).RegisterTenantAsync(Tenant, "Haute-Garonne", ct);
        var issued = await new ApiTokenStore(dataSource, SystemClock.Instance).CreateAsync(ParcoursRoles.Manager, Tenant, null, "bench", ct);
        return issued.Secret;
    }

    /// <summary>This same CLI, in serve mode, as a child process (through <c>dotnet parcours.dll</c> when run that way).</summary>
    private static Process StartServer(string database, int port, out Uri baseAddress)
    {
        baseAddress = new Uri($"http://127.0.0.1:{port}");
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's path.");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(HttpBenchCommand).Assembly.Location);
        foreach (var argument in new[] { "serve", "--urls", baseAddress.ToString().TrimEnd('/') }) start.ArgumentList.Add(argument);
        start.Environment[DatabaseConnection.ApplicationVariable] = database;
        start.Environment[Parcours.Application.Identity.MasterKeyProvider.Variable] = Parcours.Application.Identity.MasterKey.Generate().ToBase64();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[server] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilReadyAsync(Uri baseAddress, Process process, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server process exited with code {process.ExitCode}.");
            try
            {
                using var response = await http.GetAsync("/health/ready", ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250, ct);
        }

        throw new TimeoutException("The server did not become ready within 90 s.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
