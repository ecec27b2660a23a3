namespace Parcours.Server.Features.Imports.Uploading;

/// <summary>
/// Where an uploaded CAF flux waits while it is imported: a file only the server's user can read (it holds names, NIRs
/// and addresses), in a folder of this process, <c>{temp}/parcours-uploads/{pid}</c>. The upload deletes its file when
/// it ends; if the process dies first (kill -9, power cut), the file would stay. So each server, when it starts,
/// removes the folders of processes that no longer run: no identity outlives the crash of the upload that brought it.
/// </summary>
public sealed class UploadSpool(string root)
{
    /// <summary>The spool under the system's temporary folder.</summary>
    public static UploadSpool Default { get; } = new(Path.Combine(Path.GetTempPath(), "parcours-uploads"));

    public string Root => root;

    /// <summary>This process's folder (created, owner-only).</summary>
    public string ProcessDirectory => Path.Combine(root, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A new file name in this process's folder; the folders are created owner-only if missing.</summary>
    public string NewFile()
    {
        CreatePrivate(root);
        CreatePrivate(ProcessDirectory);
        return Path.Combine(ProcessDirectory, $"flux-{Guid.NewGuid():N}.xml");
    }

    /// <summary>Deletes the folders of processes no longer running (their uploads died with them); returns how many files went.</summary>
    /// <param name="isRunning">Whether a process id is alive (tests give their own).</param>
    public int RemoveOrphans(Func<int, bool>? isRunning = null)
    {
        isRunning ??= ProcessIsRunning;
        if (!Directory.Exists(root)) return 0;
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId || isRunning(pid)) continue;
            try
            {
                removed += Directory.EnumerateFiles(folder).Count();
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another server removing it at the same moment, or not ours to remove: left for the next start.
            }
        }
        return removed;
    }

    private static bool ProcessIsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
