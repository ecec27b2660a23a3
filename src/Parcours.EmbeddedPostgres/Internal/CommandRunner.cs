using System.Diagnostics;
using System.Text;

namespace Parcours.EmbeddedPostgres.Internal;

internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public string Output => (StandardOutput + Environment.NewLine + StandardError).Trim();
}

/// <summary>
/// Runs a command to completion with a deadline, optionally as another operating-system user through
/// <c>runuser -u USER --</c>. PG* variables of the caller are removed so that they cannot redirect pg_ctl.
/// </summary>
internal static class CommandRunner
{
    public static async Task<CommandResult> RunAsync(
        string file,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        string? runAsUser = null,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = runAsUser is null
            ? new ProcessStartInfo(file)
            : new ProcessStartInfo("runuser") { ArgumentList = { "-u", runAsUser, "--", file } };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        startInfo.UseShellExecute = false;
        // The unprivileged user may not be able to enter the caller's directory (/root is mode 700).
        startInfo.WorkingDirectory = workingDirectory ?? "/";
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EmbeddedPostgresException($"Could not run {startInfo.FileName}: {e.Message}", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new EmbeddedPostgresException(
                $"'{Describe(file, arguments, runAsUser)}' did not finish within {timeout.TotalSeconds:0} s and was killed.");
        }

        // The parameterless wait flushes the asynchronous output readers.
        process.WaitForExit();
        lock (stdout)
        lock (stderr)
        {
            return new CommandResult(process.ExitCode, stdout.ToString(), stderr.ToString());
        }
    }

    public static string Describe(string file, IReadOnlyList<string> arguments, string? runAsUser) =>
        (runAsUser is null ? "" : $"runuser -u {runAsUser} -- ") + string.Join(' ', arguments.Prepend(file));

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
