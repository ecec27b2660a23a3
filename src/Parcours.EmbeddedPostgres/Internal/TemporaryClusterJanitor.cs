using System.Globalization;

namespace Parcours.EmbeddedPostgres.Internal;

/// <summary>
/// A temporary cluster is stopped and deleted when its process exits normally. When that process is
/// killed instead (a test run aborted), its server keeps running. Each temporary state directory therefore
/// records its owner (pid and kernel start time); the next temporary start stops and deletes the clusters
/// whose owner is gone.
/// </summary>
internal static class TemporaryClusterJanitor
{
    public const string DirectoryPrefix = "parcours-pg-";

    public static void WriteOwner(ClusterLayout layout)
    {
        var pid = Environment.ProcessId;
        File.WriteAllText(layout.OwnerFile, $"{pid} {ProcessTable.StartTime(pid)}");
    }

    public static async Task CleanOrphansAsync(
        string tempRoot, PostgresBinaries binaries, ServiceAccount account, Action<string> log, CancellationToken cancellationToken)
    {
        foreach (var directory in Directory.EnumerateDirectories(tempRoot, DirectoryPrefix + "*"))
        {
            var layout = new ClusterLayout(directory);
            if (!IsOrphan(layout))
            {
                continue;
            }

            log($"Removing temporary PostgreSQL cluster {directory}: the process that started it is gone.");
            try
            {
                await StopServerAsync(layout, binaries, account, cancellationToken);
                Delete(directory, log);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or EmbeddedPostgresException)
            {
                log($"Could not remove {directory}: {e.Message}");
            }
        }
    }

    public static void Delete(string stateDirectory, Action<string> log)
    {
        try
        {
            Directory.Delete(stateDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Another janitor was faster.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"Could not delete temporary cluster directory {stateDirectory}: {e.Message}");
        }
    }

    private static bool IsOrphan(ClusterLayout layout)
    {
        string[] owner;
        try
        {
            owner = File.ReadAllText(layout.OwnerFile).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // Being created right now, or not ours to judge.
        }

        if (owner.Length != 2 || !int.TryParse(owner[0], out var pid))
        {
            return false;
        }

        var startTime = ProcessTable.StartTime(pid)?.ToString(CultureInfo.InvariantCulture);
        return startTime != owner[1];
    }

    private static async Task StopServerAsync(
        ClusterLayout layout, PostgresBinaries binaries, ServiceAccount account, CancellationToken cancellationToken)
    {
        if (PostmasterPidFile.TryRead(layout.DataDirectory) is not { IsServerAlive: true })
        {
            return;
        }

        var result = await CommandRunner.RunAsync(
            binaries.PgCtl, ["stop", "-D", layout.DataDirectory, "-m", "immediate", "-w", "-t", "30"],
            TimeSpan.FromSeconds(40), account.RunAs, layout.StateDirectory, cancellationToken);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"pg_ctl stop failed: {result.Output}");
        }
    }
}
