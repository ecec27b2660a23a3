using System.Globalization;
using Npgsql;
using Parcours.EmbeddedPostgres.Internal;

namespace Parcours.EmbeddedPostgres;

/// <summary>pg_ctl start on a free port, then the wait until the server really answers.</summary>
public sealed partial class EmbeddedPostgres
{
    private const int PortAttempts = 4;

    private static async Task<PostmasterPidFile> StartServerAsync(
        ClusterLayout layout,
        EmbeddedPostgresOptions options,
        PostgresBinaries binaries,
        ServiceAccount account,
        Action<string> log,
        CancellationToken cancellationToken)
    {
        var lastPort = layout.ReadLastPort();
        var port = lastPort is { } previous && LoopbackPort.IsFree(previous) ? previous : LoopbackPort.PickFree();
        for (var attempt = 1; ; attempt++)
        {
            var logOffset = File.Exists(layout.LogFile) ? new FileInfo(layout.LogFile).Length : 0;
            log($"Starting PostgreSQL on 127.0.0.1:{port} ({layout.DataDirectory}).");
            var serverOptions = $"-p {port} -k {ShellQuote(layout.SocketDirectory)}";
            var result = await CommandRunner.RunAsync(
                binaries.PgCtl,
                ["start", "-D", layout.DataDirectory, "-l", layout.LogFile, "-w", "-t", Seconds(options.Timeout), "-o", serverOptions],
                options.Timeout + TimeSpan.FromSeconds(10),
                account.RunAs,
                layout.StateDirectory,
                cancellationToken);
            var pidFile = PostmasterPidFile.TryRead(layout.DataDirectory);
            if (result.Succeeded && pidFile is not null)
            {
                await File.WriteAllTextAsync(layout.LastPortFile, pidFile.Port.ToString(CultureInfo.InvariantCulture), cancellationToken);
                return pidFile;
            }

            if (attempt < PortAttempts && LostPortRace(layout, logOffset))
            {
                log($"Port {port} was taken meanwhile; trying another.");
                port = LoopbackPort.PickFree();
                continue;
            }

            throw new EmbeddedPostgresException(
                $"PostgreSQL did not start on '{layout.DataDirectory}' (pg_ctl exit {result.ExitCode}): {result.Output}" +
                Environment.NewLine + layout.LogTail());
        }
    }

    private static bool LostPortRace(ClusterLayout layout, long logOffset)
    {
        if (!File.Exists(layout.LogFile))
        {
            return false;
        }

        using var stream = new FileStream(layout.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(logOffset, stream.Length), SeekOrigin.Begin);
        var written = new StreamReader(stream).ReadToEnd();
        return written.Contains("could not bind", StringComparison.Ordinal)
            || written.Contains("could not create any TCP/IP sockets", StringComparison.Ordinal);
    }

    private static async Task WaitUntilAcceptingAsync(
        ClusterLayout layout, PostmasterPidFile server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(BuildConnectionString(server.Port, layout.ReadPassword(), "postgres"))
        {
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;
        var deadline = DateTimeOffset.UtcNow + timeout;
        Exception? lastError = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                lastError = e;
                if (!server.IsServerAlive)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }

        throw new EmbeddedPostgresException(
            $"PostgreSQL (pid {server.Pid}) on 127.0.0.1:{server.Port} did not accept connections within {timeout.TotalSeconds:0} s " +
            $"(last error: {lastError?.Message}).{Environment.NewLine}{layout.LogTail()}");
    }

    private static string Seconds(TimeSpan timeout) =>
        ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>pg_ctl hands -o to /bin/sh: single-quote the path.</summary>
    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
