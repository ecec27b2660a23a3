namespace Parcours.EmbeddedPostgres;

/// <summary>Where the persistent cluster lives when no directory is given.</summary>
public static class DefaultLocations
{
    /// <summary>
    /// As root: <c>/var/lib/parcours/&lt;name&gt;</c>, because the unprivileged user that runs PostgreSQL
    /// cannot enter /root. Otherwise <c>$XDG_DATA_HOME/parcours/&lt;name&gt;</c>, or
    /// <c>~/.local/share/parcours/&lt;name&gt;</c> when XDG_DATA_HOME is unset.
    /// </summary>
    public static string StateDirectory(string clusterName = "default")
    {
        if (Environment.IsPrivilegedProcess)
        {
            return Path.Combine("/var/lib/parcours", clusterName);
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "parcours", clusterName);
    }
}
