using System.CommandLine;
using NodaTime;
using Npgsql;
using Parcours.Application.Hosting;
using Parcours.Benchmarks;
using Parcours.Cli.Chaos;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Server.Auth;
using Parcours.Server.Auth.ApiTokens;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours bench http</c>: starts <c>parcours serve</c> as a child process (<see cref="ServerProcess"/>) on a scratch
/// database and a free loopback port, issues a manager token, and runs <see cref="HttpCommandBenchmark"/> against it. The server runs in its own
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
                await using var process = new ServerProcess(database, ServerProcess.NewMasterKey(), "bench", output: line => Console.Error.WriteLine("[server] " + line));
                await process.StartAsync(ready: true, ct);
                await HttpCommandBenchmark.RunAsync(database, new HttpServerUnderTest(process.BaseAddress, Tenant.Code, token, process.ProcessId!.Value), options,
                    result => Console.WriteLine(result.ToJsonLine()), line => Console.Error.WriteLine(line), ct);
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

    internal static async Task<string> IssueManagerTokenAsync(string database, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await ReadModels.EnsureSchemasAsync(dataSource, ct);
        await ApiTokenSchema.EnsureAsync(dataSource, ct);
        await new EventStore.EventStore(dataSource).RegisterTenantAsync(Tenant, "Haute-Garonne", ct);
        var issued = await new ApiTokenStore(dataSource, SystemClock.Instance).CreateAsync(ParcoursRoles.Manager, Tenant, null, "bench", ct);
        return issued.Secret;
    }
}
