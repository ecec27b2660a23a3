using Parcours.EmbeddedPostgres.Internal;

namespace Parcours.EmbeddedPostgres;

/// <summary>Operations on a cluster by its state directory, for a process that did not start it.</summary>
public sealed partial class EmbeddedPostgres
{
    /// <summary>
    /// Reads postmaster.pid and checks its process (a zombie counts as gone). Synchronous and cheap: no
    /// connection is made, nothing is changed, no privilege is needed beyond reading the data directory.
    /// </summary>
    public static PostgresStatus Status(string stateDirectory)
    {
        var layout = new ClusterLayout(Path.GetFullPath(stateDirectory));
        var server = PostmasterPidFile.TryRead(layout.DataDirectory);
        return server is { IsServerAlive: true }
            ? new PostgresStatus(true, server.Pid, server.Port, layout.DataDirectory, layout.ClusterMajorVersion)
            : new PostgresStatus(false, null, null, layout.DataDirectory, layout.ClusterMajorVersion);
    }

    /// <summary>
    /// Stops the server running on this state directory (<c>parcours db stop</c>). Returns false when
    /// no server was running.
    /// </summary>
    public static async Task<bool> StopAsync(string stateDirectory, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        var layout = new ClusterLayout(Path.GetFullPath(stateDirectory));
        if (PostmasterPidFile.TryRead(layout.DataDirectory) is not { IsServerAlive: true })
        {
            return false;
        }

        var account = await ServiceAccount.ResolveAsync(log ?? (_ => { }), cancellationToken);
        await StopServerAsync(layout, PostgresBinaries.Locate(), account, log ?? (_ => { }), cancellationToken);
        return true;
    }

    private static async Task StopServerAsync(
        ClusterLayout layout, PostgresBinaries binaries, ServiceAccount account, Action<string> log, CancellationToken cancellationToken)
    {
        var server = PostmasterPidFile.TryRead(layout.DataDirectory);
        if (server is not { IsServerAlive: true })
        {
            return;
        }

        log($"Stopping PostgreSQL (pid {server.Pid}, port {server.Port}).");
        foreach (var mode in new[] { "fast", "immediate" })
        {
            var result = await CommandRunner.RunAsync(
                binaries.PgCtl,
                ["stop", "-D", layout.DataDirectory, "-m", mode, "-w", "-t", Seconds(StopTimeout)],
                StopTimeout + TimeSpan.FromSeconds(10),
                account.RunAs,
                layout.StateDirectory,
                cancellationToken);
            if (result.Succeeded || !server.IsServerAlive)
            {
                return;
            }

            log($"pg_ctl stop -m {mode} failed: {result.Output}");
        }

        throw new EmbeddedPostgresException(
            $"PostgreSQL (pid {server.Pid}) on '{layout.DataDirectory}' would not stop.{Environment.NewLine}{layout.LogTail()}");
    }
}
