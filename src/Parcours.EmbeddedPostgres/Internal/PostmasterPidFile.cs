namespace Parcours.EmbeddedPostgres.Internal;

/// <summary>
/// The first lines of <c>postmaster.pid</c>, which the server writes while it runs: pid, data directory,
/// start time, port, socket directory, listen address, shared memory key, status.
/// </summary>
internal sealed record PostmasterPidFile(int Pid, int Port, string Status)
{
    public const string FileName = "postmaster.pid";

    public static PostmasterPidFile? TryRead(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(dataDirectory, FileName));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        // A server that is still starting may have written only the first lines.
        return lines.Length >= 4 && int.TryParse(lines[0], out var pid) && int.TryParse(lines[3], out var port)
            ? new PostmasterPidFile(pid, port, lines.Length >= 8 ? lines[7].Trim() : "starting")
            : null;
    }

    /// <summary>True when the process named in the file is alive and is a postgres process.</summary>
    public bool IsServerAlive => ProcessTable.IsAlive(Pid, "postgres");
}
