using System.CommandLine;
using Npgsql;
using NodaTime;
using Parcours.Cli.Commands;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Simulation;
using Parcours.Simulation.Profiles;
using Parcours.Testing;
using Spectre.Console;

// The verbs read PARCOURS_CONNECTION and write to the process's consoles: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Parcours.Cli.Tests;

/// <summary>A copy (per test class) of a database holding the small synthetic département 31, appended through the store.</summary>
public sealed class SmallDepartement() : PostgresDatabaseFixture("cli", "cli_small_departement", LoadAsync)
{
    public static readonly TenantId HauteGaronne = TenantId.Parse("31");

    public static IReadOnlyList<SyntheticPerson> People { get; } =
        [.. new DepartementSimulation(SimulationProfiles.Small, 11).People().Where(p => p.Events.Count > 0)];

    private static async Task LoadAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var models = await ReadModels.OpenAsync(dataSource, SystemClock.Instance);
        await models.Store.RegisterTenantAsync(HauteGaronne, "Haute-Garonne");
        foreach (var chunk in People.Chunk(200))
            await models.Store.AppendBulkAsync(HauteGaronne, [.. chunk.Select(DemoCommand.ToStreamAppend)], new EventMetadata("test-import"));
    }

    public async Task<ReadModels> OpenAsync() => await ReadModels.OpenAsync(DataSource, SystemClock.Instance);
}

public sealed record CliRun(int ExitCode, string Output, string Error);

/// <summary>Runs verbs as <c>parcours</c> does, on a given database, capturing what they print.</summary>
public static class Cli
{
    public static Task<CliRun> RunAsync(string connectionString, params string[] args) =>
        RunAsync(connectionString, new LiveOutput(), CancellationToken.None, args);

    /// <summary>Runs a verb that keeps running (a server) until <paramref name="ct"/>; <paramref name="live"/> shows what it prints meanwhile.</summary>
    public static async Task<CliRun> RunAsync(string connectionString, LiveOutput live, CancellationToken ct, params string[] args)
    {
        var output = live.Writer;
        var error = new StringWriter();
        var previousError = Console.Error;
        var previousOut = Console.Out;
        var previousConsole = AnsiConsole.Console;
        var previousConnection = Environment.GetEnvironmentVariable(DatabaseConnection.ApplicationVariable);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 400;
        try
        {
            Environment.SetEnvironmentVariable(DatabaseConnection.ApplicationVariable, connectionString);
            Console.SetError(error);
            Console.SetOut(output);
            AnsiConsole.Console = console;
            var root = new RootCommand { ReportCommand.Create(), ReplayCommand.Create(), VerifyCommand.Create(), BenchCommand.Create(), DemoCommand.Create() };
            var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
            return new CliRun(code, live.Text, error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(DatabaseConnection.ApplicationVariable, previousConnection);
            Console.SetError(previousError);
            Console.SetOut(previousOut);
            AnsiConsole.Console = previousConsole;
        }
    }
}

/// <summary>A console output that a test may read while the verb still writes to it.</summary>
public sealed class LiveOutput
{
    private readonly StringWriter _text = new();

    public LiveOutput() => Writer = TextWriter.Synchronized(_text);

    public TextWriter Writer { get; }

    /// <summary>What was printed so far (taken under the writer's own lock).</summary>
    public string Text
    {
        get
        {
            lock (Writer) return _text.ToString();
        }
    }
}
