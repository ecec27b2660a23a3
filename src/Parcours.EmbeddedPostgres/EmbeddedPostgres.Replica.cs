using Npgsql;
using Parcours.EmbeddedPostgres.Internal;

namespace Parcours.EmbeddedPostgres;

/// <summary>A cluster created as the streaming read replica of another (see <see cref="EmbeddedPostgresOptions.ReplicaOf"/>).</summary>
public sealed partial class EmbeddedPostgres
{
    /// <summary>The primary's credentials, for the replica's WAL receiver: a pgpass file in the state directory (mode 0600).</summary>
    private const string PrimaryPassFile = "primary.pgpass";

    /// <summary>
    /// Copies the primary's data directory with <c>pg_basebackup --write-recovery-conf --wal-method stream</c>, run as the
    /// service account: the copy holds <c>standby.signal</c> and a <c>primary_conninfo</c> naming the pgpass file, so the
    /// started server is a hot standby following the primary. The superuser's password is the primary's (the copy has
    /// the same roles), so it is written to this cluster's password file too.
    /// </summary>
    private static async Task CloneFromPrimaryAsync(
        ClusterLayout layout,
        string primaryConnectionString,
        EmbeddedPostgresOptions options,
        PostgresBinaries binaries,
        ServiceAccount account,
        Action<string> log,
        CancellationToken cancellationToken)
    {
        var primary = new NpgsqlConnectionStringBuilder(primaryConnectionString);
        if (primary.Host is not ("127.0.0.1" or "localhost" or "::1") || string.IsNullOrEmpty(primary.Password) || string.IsNullOrEmpty(primary.Username))
        {
            throw new EmbeddedPostgresException("A replica is made of a primary on loopback, given with its user and password (Host=127.0.0.1;Port=…;Username=…;Password=…).");
        }

        var basebackup = Path.Combine(binaries.Directory, "pg_basebackup");
        if (!File.Exists(basebackup))
        {
            throw new EmbeddedPostgresException($"pg_basebackup is not in '{binaries.Directory}': it is needed to make a replica.");
        }

        if (Directory.Exists(layout.DataDirectory) && Directory.EnumerateFileSystemEntries(layout.DataDirectory).Any())
        {
            throw new EmbeddedPostgresException($"'{layout.DataDirectory}' is not empty but holds no PostgreSQL cluster: refusing to copy into it.");
        }

        var passFile = Path.Combine(layout.StateDirectory, PrimaryPassFile);
        PrivateFiles.WriteSecret(passFile, $"{primary.Host}:{primary.Port}:*:{Escape(primary.Username)}:{Escape(primary.Password)}\n");
        PrivateFiles.WriteSecret(layout.PasswordFile, primary.Password);
        await account.TakeOwnershipAsync(passFile, recursive: false, cancellationToken);
        await account.TakeOwnershipAsync(layout.PasswordFile, recursive: false, cancellationToken);

        log($"Copying the primary 127.0.0.1:{primary.Port} into {layout.DataDirectory} (pg_basebackup, owner {account.UserName}).");
        var conninfo = $"host={primary.Host} port={primary.Port} user={primary.Username} passfile={passFile} application_name=parcours-replica";
        var result = await CommandRunner.RunAsync(
            basebackup,
            ["--pgdata", layout.DataDirectory, "--dbname", conninfo, "--write-recovery-conf", "--wal-method", "stream", "--checkpoint", "fast", "--no-sync"],
            options.Timeout, account.RunAs, layout.StateDirectory, cancellationToken);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"pg_basebackup failed (exit {result.ExitCode}):{Environment.NewLine}{result.Output}");
        }
    }

    /// <summary>A pgpass field: backslash and colon escaped.</summary>
    private static string Escape(string field) => field.Replace(@"\", @"\\").Replace(":", @"\:");
}
