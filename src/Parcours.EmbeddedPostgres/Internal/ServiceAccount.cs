namespace Parcours.EmbeddedPostgres.Internal;

/// <summary>
/// The operating-system user that owns the cluster and runs its programs. PostgreSQL refuses to run as
/// root, so a root caller hands the work to the <c>postgres</c> system user if there is one, otherwise to a
/// <c>parcours</c> system user created on first use. Any other caller runs the programs itself.
/// </summary>
internal sealed class ServiceAccount
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private ServiceAccount(string userName, bool isDelegated)
    {
        UserName = userName;
        IsDelegated = isDelegated;
    }

    public string UserName { get; }

    /// <summary>True when programs run through <c>runuser</c> as <see cref="UserName"/> instead of as the caller.</summary>
    public bool IsDelegated { get; }

    /// <summary>The user to pass to <see cref="CommandRunner"/>, or null to run as the caller.</summary>
    public string? RunAs => IsDelegated ? UserName : null;

    public static async Task<ServiceAccount> ResolveAsync(Action<string> log, CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return new ServiceAccount(Environment.UserName, isDelegated: false);
        }

        foreach (var candidate in new[] { "postgres", "parcours" })
        {
            if (await ExistsAsync(candidate, cancellationToken))
            {
                return new ServiceAccount(candidate, isDelegated: true);
            }
        }

        log("Running as root: creating system user 'parcours' to own the PostgreSQL cluster.");
        var created = await CommandRunner.RunAsync(
            "useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "parcours"], CommandTimeout,
            cancellationToken: cancellationToken);
        // Exit code 9: another process created it meanwhile.
        if (!created.Succeeded && !(created.ExitCode == 9 && await ExistsAsync("parcours", cancellationToken)))
        {
            throw new EmbeddedPostgresException($"Could not create system user 'parcours' (useradd exit {created.ExitCode}): {created.Output}");
        }

        return new ServiceAccount("parcours", isDelegated: true);
    }

    /// <summary>Makes the account own <paramref name="path"/>; nothing to do when not delegated.</summary>
    public async Task TakeOwnershipAsync(string path, bool recursive, CancellationToken cancellationToken)
    {
        if (!IsDelegated)
        {
            return;
        }

        var result = await CommandRunner.RunAsync(
            "chown", recursive ? ["-R", $"{UserName}:", path] : [$"{UserName}:", path], CommandTimeout, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"Could not give '{path}' to user '{UserName}': {result.Output}");
        }
    }

    /// <summary>
    /// Fails clearly when the account cannot write into <paramref name="directory"/>, typically because a
    /// parent (such as /root, mode 700) is not traversable by it.
    /// </summary>
    public async Task EnsureCanWriteAsync(string directory, CancellationToken cancellationToken)
    {
        if (!IsDelegated)
        {
            return;
        }

        var result = await CommandRunner.RunAsync(
            "test", ["-w", directory, "-a", "-x", directory], CommandTimeout, RunAs, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"User '{UserName}', which runs PostgreSQL on behalf of root, cannot reach '{directory}'. " +
                "Every parent directory must be traversable by that user: choose a directory outside /root " +
                "(for example under /var/lib/parcours).");
        }
    }

    private static async Task<bool> ExistsAsync(string userName, CancellationToken cancellationToken) =>
        (await CommandRunner.RunAsync("id", ["-u", userName], CommandTimeout, cancellationToken: cancellationToken)).Succeeded;
}
