using System.Globalization;
using Parcours.EmbeddedPostgres.Internal;

namespace Parcours.EmbeddedPostgres;

public sealed partial class EmbeddedPostgres
{
    /// <summary>
    /// Creates the cluster if the state directory holds none, recovers from a crashed server (stale
    /// postmaster.pid), attaches to a server already running on the same data directory, or starts one on
    /// a free loopback port; returns once the server accepts connections.
    /// </summary>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, CancellationToken cancellationToken = default)
    {
        if (options.Mode == ClusterMode.Temporary && options.Detached)
        {
            throw new ArgumentException("A temporary cluster is deleted when stopped: it cannot be detached.", nameof(options));
        }

        var log = options.Log ?? (_ => { });
        var binaries = options.Binaries ?? PostgresBinaries.Locate();
        var account = await ServiceAccount.ResolveAsync(log, cancellationToken);
        var layout = new ClusterLayout(options.StateDirectory);
        layout.EnsureSocketPathFits();
        if (options.Mode == ClusterMode.Temporary)
        {
            await TemporaryClusterJanitor.CleanOrphansAsync(Path.GetDirectoryName(layout.StateDirectory)!, binaries, account, log, cancellationToken);
        }

        await PrepareStateDirectoryAsync(layout, options.Mode, account, cancellationToken);
        if (!layout.HasCluster && options.ReplicaOf is { } primary)
        {
            await CloneFromPrimaryAsync(layout, primary, options, binaries, account, log, cancellationToken);
        }
        else if (!layout.HasCluster)
        {
            await InitializeClusterAsync(layout, options, binaries, account, log, cancellationToken);
        }
        else if (layout.ClusterMajorVersion != binaries.Version.Major.ToString(CultureInfo.InvariantCulture))
        {
            throw new EmbeddedPostgresException(
                $"The cluster in '{layout.DataDirectory}' was created by PostgreSQL {layout.ClusterMajorVersion}, " +
                $"but the binaries in '{binaries.Directory}' are version {binaries.Version}.");
        }

        var running = PostmasterPidFile.TryRead(layout.DataDirectory);
        if (running is { IsServerAlive: true })
        {
            log($"PostgreSQL already running on {layout.DataDirectory} (pid {running.Pid}, port {running.Port}): attaching.");
            await WaitUntilAcceptingAsync(layout, running, options.Timeout, cancellationToken);
            return new EmbeddedPostgres(options, layout, binaries, account, running, wasAlreadyRunning: true);
        }

        if (running is not null || File.Exists(Path.Combine(layout.DataDirectory, PostmasterPidFile.FileName)))
        {
            log($"Removing stale {PostmasterPidFile.FileName} left by a server that is gone (pid {running?.Pid}).");
            RemoveStaleLocks(layout);
        }

        var started = await StartServerAsync(layout, options, binaries, account, log, cancellationToken);
        if (options.Mode == ClusterMode.Temporary)
        {
            ExitWatchdog.Start(layout, binaries, account);
        }

        await WaitUntilAcceptingAsync(layout, started, options.Timeout, cancellationToken);
        log($"PostgreSQL {binaries.Version} running on 127.0.0.1:{started.Port} (pid {started.Pid}, data {layout.DataDirectory}).");
        return new EmbeddedPostgres(options, layout, binaries, account, started, wasAlreadyRunning: false);
    }

    private static async Task PrepareStateDirectoryAsync(
        ClusterLayout layout, ClusterMode mode, ServiceAccount account, CancellationToken cancellationToken)
    {
        // Parents keep the default mode: the service user must be able to traverse them.
        Directory.CreateDirectory(Path.GetDirectoryName(layout.StateDirectory)!);
        var isNew = !Directory.Exists(layout.StateDirectory);
        PrivateFiles.CreateDirectory(layout.StateDirectory);
        if (mode == ClusterMode.Temporary)
        {
            TemporaryClusterJanitor.WriteOwner(layout);
        }

        PrivateFiles.CreateDirectory(layout.SocketDirectory);
        await account.TakeOwnershipAsync(layout.StateDirectory, recursive: isNew || !layout.HasCluster, cancellationToken);
        await account.TakeOwnershipAsync(layout.SocketDirectory, recursive: false, cancellationToken);
        await account.EnsureCanWriteAsync(layout.StateDirectory, cancellationToken);
    }

    /// <summary>
    /// The postmaster is dead: its pid file and socket lock files would make the next start refuse (and a
    /// zombie postmaster still answers kill(pid, 0), so PostgreSQL's own stale-lock check can be fooled).
    /// </summary>
    private static void RemoveStaleLocks(ClusterLayout layout)
    {
        File.Delete(Path.Combine(layout.DataDirectory, PostmasterPidFile.FileName));
        foreach (var entry in Directory.EnumerateFileSystemEntries(layout.SocketDirectory, ".s.PGSQL.*"))
        {
            File.Delete(entry);
        }
    }
}
