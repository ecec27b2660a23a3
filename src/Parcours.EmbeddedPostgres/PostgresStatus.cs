namespace Parcours.EmbeddedPostgres;

/// <summary>
/// What <c>parcours db status</c> shows about one cluster. <see cref="Pid"/> and <see cref="Port"/> are
/// null when the server is not running; <see cref="ClusterVersion"/> is the major version that created the
/// data directory (e.g. "15"), null when there is no cluster yet.
/// </summary>
public sealed record PostgresStatus(bool IsRunning, int? Pid, int? Port, string DataDirectory, string? ClusterVersion)
{
    public bool HasCluster => ClusterVersion is not null;
}
