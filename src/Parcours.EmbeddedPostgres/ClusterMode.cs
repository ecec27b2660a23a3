namespace Parcours.EmbeddedPostgres;

public enum ClusterMode
{
    /// <summary>The application's cluster: kept between runs, durable settings (fsync on).</summary>
    Persistent,

    /// <summary>
    /// A throw-away cluster for tests, in a fresh directory deleted on stop: fsync, synchronous_commit and
    /// full_page_writes off, 200 connections. Never use it for data that matters.
    /// </summary>
    Temporary,
}
