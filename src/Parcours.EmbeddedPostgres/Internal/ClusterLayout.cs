using System.Text;

namespace Parcours.EmbeddedPostgres.Internal;

/// <summary>
/// Where everything of one cluster lives, inside its state directory:
/// <c>data/</c> (the PostgreSQL data directory), <c>socket/</c> (private unix socket directory),
/// <c>password</c> (superuser password, mode 0600), <c>server.log</c>, <c>last-port</c>, and for a
/// temporary cluster <c>owner</c> (the pid and start time of the process that will delete it).
/// </summary>
internal sealed record ClusterLayout(string StateDirectory)
{
    /// <summary>The longest unix socket path the kernel accepts, minus the file name PostgreSQL appends.</summary>
    private const int MaxSocketDirectoryLength = 107 - 17;

    public string DataDirectory => Path.Combine(StateDirectory, "data");

    public string SocketDirectory => Path.Combine(StateDirectory, "socket");

    public string PasswordFile => Path.Combine(StateDirectory, "password");

    public string LogFile => Path.Combine(StateDirectory, "server.log");

    public string LastPortFile => Path.Combine(StateDirectory, "last-port");

    public string OwnerFile => Path.Combine(StateDirectory, "owner");

    public bool HasCluster => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));

    public string? ClusterMajorVersion =>
        HasCluster ? File.ReadAllText(Path.Combine(DataDirectory, "PG_VERSION")).Trim() : null;

    public void EnsureSocketPathFits()
    {
        if (Encoding.UTF8.GetByteCount(SocketDirectory) > MaxSocketDirectoryLength)
        {
            throw new EmbeddedPostgresException(
                $"State directory '{StateDirectory}' is too long for a unix socket path " +
                $"(socket directory at most {MaxSocketDirectoryLength} bytes): choose a shorter one.");
        }
    }

    public string ReadPassword() =>
        File.Exists(PasswordFile)
            ? File.ReadAllText(PasswordFile).Trim()
            : throw new EmbeddedPostgresException($"The cluster in '{DataDirectory}' has no password file at '{PasswordFile}'.");

    public int? ReadLastPort() =>
        File.Exists(LastPortFile) && int.TryParse(File.ReadAllText(LastPortFile).Trim(), out var port) ? port : null;

    /// <summary>The last lines of the server log, to end an error message with.</summary>
    public string LogTail(int lines = 20)
    {
        try
        {
            var tail = File.ReadLines(LogFile).TakeLast(lines).ToList();
            return tail.Count == 0
                ? $"(server log {LogFile} is empty)"
                : $"Last lines of {LogFile}:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}";
        }
        catch (IOException)
        {
            return $"(no server log at {LogFile})";
        }
        catch (UnauthorizedAccessException)
        {
            return $"(server log {LogFile} not readable)";
        }
    }
}
