using System.Security.Cryptography;
using Parcours.EmbeddedPostgres.Internal;

namespace Parcours.EmbeddedPostgres;

/// <summary>initdb and the settings written with it.</summary>
public sealed partial class EmbeddedPostgres
{
    private static async Task InitializeClusterAsync(
        ClusterLayout layout,
        EmbeddedPostgresOptions options,
        PostgresBinaries binaries,
        ServiceAccount account,
        Action<string> log,
        CancellationToken cancellationToken)
    {
        if (Directory.Exists(layout.DataDirectory) && Directory.EnumerateFileSystemEntries(layout.DataDirectory).Any())
        {
            throw new EmbeddedPostgresException(
                $"'{layout.DataDirectory}' is not empty but holds no PostgreSQL cluster (no PG_VERSION): refusing to touch it.");
        }

        log($"Creating PostgreSQL {binaries.Version} cluster in {layout.DataDirectory} (owner {account.UserName}).");
        PrivateFiles.WriteSecret(layout.PasswordFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        await account.TakeOwnershipAsync(layout.PasswordFile, recursive: false, cancellationToken);

        List<string> arguments =
        [
            "-D", layout.DataDirectory, "-U", SuperUser, $"--pwfile={layout.PasswordFile}",
            "--encoding=UTF8", "--locale=C", "--auth=scram-sha-256",
        ];
        if (options.Mode == ClusterMode.Temporary)
        {
            arguments.Add("--no-sync");
        }

        var result = await CommandRunner.RunAsync(
            binaries.InitDb, arguments, options.Timeout, account.RunAs, layout.StateDirectory, cancellationToken);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"initdb failed (exit {result.ExitCode}) for '{layout.DataDirectory}':{Environment.NewLine}{result.Output}");
        }

        await File.AppendAllTextAsync(
            Path.Combine(layout.DataDirectory, "postgresql.conf"), ServerSettings(options.Mode), cancellationToken);
    }

    /// <summary>
    /// Static settings, written once at initdb. The port and the socket directory are given at each start
    /// instead, so that a free port is chosen every time and the state directory may be moved.
    /// </summary>
    private static string ServerSettings(ClusterMode mode) =>
        mode == ClusterMode.Persistent
            ? """

              # Parcours embedded server
              listen_addresses = '127.0.0.1'

              """
            : """

              # Parcours embedded server, temporary test cluster: speed over durability
              listen_addresses = '127.0.0.1'
              max_connections = 200
              fsync = off
              synchronous_commit = off
              full_page_writes = off

              """;
}
