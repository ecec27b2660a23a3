using System.CommandLine;
using System.Diagnostics;
using Parcours.EmbeddedPostgres;
using PostgresServer = Parcours.EmbeddedPostgres.EmbeddedPostgres;

namespace Parcours.Cli.Commands;

/// <summary><c>parcours db start|stop|status|with-temporary</c>: the private PostgreSQL cluster.</summary>
public static class DbCommand
{
    public static Command Create()
    {
        var stateDir = new Option<string?>("--state-dir")
        {
            Description = "Folder of the cluster (data, password, socket, log). Default: " + DefaultLocations.StateDirectory(),
        };
        var db = new Command("db", "Start, stop or inspect the private PostgreSQL that Parcours runs itself.");
        db.Add(Start(stateDir));
        db.Add(Stop(stateDir));
        db.Add(Status(stateDir));
        db.Add(WithTemporary());
        return db;
    }

    private static Command Start(Option<string?> stateDir)
    {
        var printConnection = new Option<bool>("--print-connection") { Description = "Print only the connection string." };
        var replicaOf = new Option<string?>("--replica-of")
        {
            Description = "Create the cluster as a streaming read replica of this primary (Npgsql connection string on loopback, superuser "
                + "with password; e.g. the output of 'parcours db start --print-connection'). Give it to the server as PARCOURS_READ_CONNECTION.",
        };
        var command = new Command("start", "Start the private cluster (created on first use) and leave it running.") { stateDir, printConnection, replicaOf };
        command.SetAction(async (parse, ct) =>
        {
            var quiet = parse.GetValue(printConnection);
            var options = EmbeddedPostgresOptions.Persistent(parse.GetValue(stateDir)) with
            {
                Detached = true,
                Log = quiet ? null : line => Console.Error.WriteLine(line),
                ReplicaOf = parse.GetValue(replicaOf),
            };
            PostgresServer server;
            try
            {
                server = await PostgresServer.StartAsync(options, ct);
            }
            catch (EmbeddedPostgresException e)
            {
                Console.Error.WriteLine($"Erreur : {e.Message}");
                return 2;
            }
            await using var _ = server;
            if (quiet)
            {
                Console.WriteLine(server.ConnectionString);
            }
            else
            {
                Console.WriteLine(server.WasAlreadyRunning
                    ? $"PostgreSQL was already running (pid {server.Pid}, port {server.Port})."
                    : $"PostgreSQL started (pid {server.Pid}, port {server.Port}, running as {server.OperatingSystemUser}).");
                Console.WriteLine($"Data: {server.DataDirectory}");
                Console.WriteLine($"Connection: {Redact(server.ConnectionString)}");
                Console.WriteLine("Stop it with: parcours db stop");
            }
            return 0;
        });
        return command;
    }

    private static Command Stop(Option<string?> stateDir)
    {
        var command = new Command("stop", "Stop the private cluster cleanly.") { stateDir };
        command.SetAction(async (parse, ct) =>
        {
            var directory = EmbeddedPostgresOptions.Persistent(parse.GetValue(stateDir)).StateDirectory;
            var stopped = await PostgresServer.StopAsync(directory, line => Console.Error.WriteLine(line), ct);
            Console.WriteLine(stopped ? "PostgreSQL stopped." : "PostgreSQL was not running.");
            return 0;
        });
        return command;
    }

    private static Command Status(Option<string?> stateDir)
    {
        var command = new Command("status", "Say whether the private cluster runs, with its pid and port (exit 0 if running, 3 if not).") { stateDir };
        command.SetAction(parse =>
        {
            var directory = EmbeddedPostgresOptions.Persistent(parse.GetValue(stateDir)).StateDirectory;
            var status = PostgresServer.Status(directory);
            if (!status.HasCluster)
            {
                Console.WriteLine($"No cluster in {status.DataDirectory} (it is created by 'parcours db start').");
                return 3;
            }
            Console.WriteLine(status.IsRunning
                ? $"running: pid {status.Pid}, port {status.Port}, PostgreSQL {status.ClusterVersion}, data {status.DataDirectory}"
                : $"stopped: PostgreSQL {status.ClusterVersion}, data {status.DataDirectory}");
            return status.IsRunning ? 0 : 3;
        });
        return command;
    }

    private static Command WithTemporary()
    {
        var program = new Argument<string[]>("command") { Description = "The command to run, after --.", Arity = ArgumentArity.OneOrMore };
        var command = new Command(
            "with-temporary",
            "Start a throw-away cluster, run a command with PARCOURS_TEST_CONNECTION set to it, then stop and delete the cluster. "
            + "The command's exit code is returned. Used by ops/test so that one server serves the whole test run.")
        { program };
        command.SetAction(async (parse, ct) =>
        {
            var argv = parse.GetValue(program)!;
            await using var server = await PostgresServer.StartAsync(
                EmbeddedPostgresOptions.Temporary() with { Log = line => Console.Error.WriteLine(line) }, ct);
            var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
            foreach (var arg in argv.Skip(1))
            {
                start.ArgumentList.Add(arg);
            }
            start.Environment[DatabaseConnection.TestVariable] = server.ConnectionString;
            using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {argv[0]}.");
            await child.WaitForExitAsync(ct);
            return child.ExitCode;
        });
        return command;
    }

    /// <summary>The connection string without its password, for printing.</summary>
    internal static string Redact(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            builder.Password = "********";
        }
        return builder.ConnectionString;
    }
}
