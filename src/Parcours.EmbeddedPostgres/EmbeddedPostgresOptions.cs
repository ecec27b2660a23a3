namespace Parcours.EmbeddedPostgres;

/// <summary>How to run one embedded cluster. Build it with <see cref="Persistent"/> or <see cref="Temporary"/>.</summary>
public sealed record EmbeddedPostgresOptions
{
    private EmbeddedPostgresOptions(ClusterMode mode, string stateDirectory)
    {
        Mode = mode;
        StateDirectory = stateDirectory;
    }

    public ClusterMode Mode { get; }

    /// <summary>The folder holding the data directory, the password file, the socket directory and the log.</summary>
    public string StateDirectory { get; }

    /// <summary>
    /// When true the server keeps running after this object is disposed and after the process exits
    /// (<c>parcours db start</c>); stop it with <see cref="EmbeddedPostgres.StopAsync(string, Action{string}?, CancellationToken)"/>.
    /// Not allowed for a temporary cluster.
    /// </summary>
    public bool Detached { get; init; }

    /// <summary>Null: <see cref="PostgresBinaries.Locate()"/>.</summary>
    public PostgresBinaries? Binaries { get; init; }

    /// <summary>Receives one line per step (initdb, start, attach, stop). Null: silent.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// The connection string (Npgsql form, with the superuser's password) of a primary on loopback: the cluster is then
    /// created as its streaming read replica (<c>pg_basebackup -R</c>) instead of by initdb, and starts as a hot standby
    /// that replays the primary's WAL. Ignored when the state directory already holds a cluster.
    /// </summary>
    public string? ReplicaOf { get; init; }

    /// <summary>Upper bound for initdb, for the start, and again for the server to accept connections.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The application's cluster, by default in <see cref="DefaultLocations.StateDirectory"/>.</summary>
    public static EmbeddedPostgresOptions Persistent(string? stateDirectory = null) =>
        new(ClusterMode.Persistent, Path.GetFullPath(stateDirectory ?? DefaultLocations.StateDirectory()));

    /// <summary>A fresh throw-away cluster under the system temp directory, deleted when stopped.</summary>
    public static EmbeddedPostgresOptions Temporary() =>
        new(ClusterMode.Temporary, Path.Combine(Path.GetTempPath(), $"parcours-pg-{Guid.NewGuid():N}"[..24]));
}
