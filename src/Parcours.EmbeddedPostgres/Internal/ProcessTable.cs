namespace Parcours.EmbeddedPostgres.Internal;

/// <summary>
/// Reads /proc. A killed postmaster can stay a zombie for a while when the container's init reaps slowly,
/// and <c>kill(pid, 0)</c> (what pg_ctl status uses) still succeeds on a zombie: only the state letter tells.
/// </summary>
internal static class ProcessTable
{
    /// <summary>True when <paramref name="pid"/> is a live (not zombie) process whose command is <paramref name="command"/>.</summary>
    public static bool IsAlive(int pid, string? command = null)
    {
        var stat = ReadStat(pid);
        return stat is not null
            && stat.Value.State is not ('Z' or 'X')
            && (command is null || stat.Value.Command == command);
    }

    /// <summary>The kernel's start time of the process (clock ticks since boot), to tell a reused pid apart.</summary>
    public static long? StartTime(int pid) => ReadStat(pid)?.StartTime;

    /// <summary>The real user id owning the process, or null when there is no such process.</summary>
    public static int? OwnerUid(int pid)
    {
        try
        {
            var uidLine = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            return uidLine is null ? null : int.Parse(uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static (string Command, char State, long StartTime)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // "pid (comm) S ppid ..." where comm may itself contain spaces or parentheses.
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        var fields = text[(close + 2)..].Split(' ');
        return (text[(open + 1)..close], fields[0][0], long.Parse(fields[19]));
    }
}
