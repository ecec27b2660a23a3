using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>A user error a verb reports as a French message on standard error, with a non-zero exit code (2 by default).</summary>
public sealed class CommandFailure(string message, int exitCode = 2) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>Runs a verb's body; a <see cref="CommandFailure"/> becomes its message on standard error and its exit code.</summary>
    public static async Task<int> GuardAsync(Func<IAnsiConsole, Task<int>> body)
    {
        var error = Consoles.Error();
        try
        {
            return await body(error);
        }
        catch (CommandFailure failure)
        {
            error.MarkupLineInterpolated($"[red]Erreur :[/] {failure.Message}");
            return failure.ExitCode;
        }
    }
}

/// <summary>Where verbs write: results on standard output, progress and messages on standard error.</summary>
public static class Consoles
{
    /// <summary>A console on the current standard error (progress bars there keep standard output clean for CSV or JSON).</summary>
    public static IAnsiConsole Error() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}
