using System.CommandLine;
using Npgsql;
using Parcours.Application.Hosting;
using Parcours.Benchmarks;
using Parcours.EmbeddedPostgres;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours bench all|append|projections|import|identities|http|national</c>: benchmarks that compare Parcours with a
/// raw PostgreSQL baseline in the same run, on a throw-away cluster (or on <c>PARCOURS_CONNECTION</c>), each scenario in
/// its own scratch database. One JSON object per line on stdout; progress and the summary table (with the targets) on stderr.
/// </summary>
public static class BenchCommand
{
    /// <summary>Benchmarks run in their own database, dropped at the end, even on a server given by PARCOURS_CONNECTION.</summary>
    private const string ScratchDatabase = "parcours_bench";

    /// <summary>One scenario: runs against a fresh scratch database and reports its figures.</summary>
    internal delegate Task Scenario(string database, Action<BenchmarkResult> report, CancellationToken ct);

    private static void Log(string line) => Console.Error.WriteLine(line);

    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks, each against a raw PostgreSQL baseline measured in the same run (JSON lines, then a summary table on stderr).");
        bench.Add(All());
        bench.Add(Append());
        bench.Add(Identities());
        bench.Add(Http());
        bench.Add(Projections());
        bench.Add(Import());
        bench.Add(National());
        return bench;
    }

    /// <summary>Every scenario of the targets, one after the other on one server: raw INSERT at 1/4/8 clients, COPY and ordered read with them.</summary>
    private static Command All()
    {
        var seconds = Seconds(6);
        var scale = Scale();
        var households = Households();
        var megabytes = LargeMegabytes();
        var people = People();
        var cases = Cases();
        var command = new Command("all",
            "Every scenario in one run: append (1/4/8 writers, bulk), HTTP commands (8 clients), projections, CAF import, identities; then the summary against the targets.")
        {
            seconds, scale, households, megabytes, people, cases,
        };
        command.SetAction((parse, ct) => RunAsync(
        [
            ("append", AppendScenario(new AppendBenchmarkOptions { Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)), Writers = [1, 4, 8] })),
            ("http", HttpScenario(new HttpBenchmarkOptions { Duration = TimeSpan.FromSeconds(2 * parse.GetValue(seconds)), Clients = 8, Cases = parse.GetValue(cases) })),
            ("projections", ProjectionsScenario(parse.GetValue(scale), 2025)),
            ("import", ImportScenario(new ImportBenchmarkOptions { Households = parse.GetValue(households), LargeFileMegabytes = parse.GetValue(megabytes) })),
            ("identities", IdentitiesScenario(parse.GetValue(people))),
        ], ct));
        return command;
    }

    private static Command Append()
    {
        var seconds = Seconds(6);
        var writers = new Option<int>("--writers") { Description = "Concurrent writers of the multi-writer scenario (the single-writer one always runs).", DefaultValueFactory = _ => 4 };
        var bulk = new Option<int>("--bulk-events") { Description = "Events in the bulk scenario.", DefaultValueFactory = _ => 100_000 };
        var command = new Command("append", "Store appends (1 and N writers, bulk) against raw INSERT and COPY into an identical table.") { seconds, writers, bulk };
        AtLeast(writers, 1);
        AtLeast(bulk, 1_000);
        command.SetAction((parse, ct) => RunAsync(
        [
            ("append", AppendScenario(new AppendBenchmarkOptions
            {
                Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                Writers = [1, parse.GetValue(writers)],
                BulkEvents = parse.GetValue(bulk),
            })),
        ], ct));
        return command;
    }

    private static Command Identities()
    {
        var people = People();
        var command = new Command("identities", "Identity store: SaveAsync against raw COPY of rows of the same shape, FindByCafAsync against a raw unnest join.") { people };
        command.SetAction((parse, ct) => RunAsync([("identities", IdentitiesScenario(parse.GetValue(people)))], ct));
        return command;
    }

    private static Command Http()
    {
        var seconds = Seconds(12);
        var clients = new Option<int>("--clients") { Description = "Concurrent HTTP clients (and raw INSERT clients).", DefaultValueFactory = _ => 8 };
        var cases = Cases();
        var command = new Command("http", "HTTP step commands end to end (real server process, real token) against raw single INSERTs.") { seconds, clients, cases };
        AtLeast(clients, 1);
        command.SetAction((parse, ct) => RunAsync(
        [
            ("http", HttpScenario(new HttpBenchmarkOptions
            {
                Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                Clients = parse.GetValue(clients),
                Cases = parse.GetValue(cases),
            })),
        ], ct));
        return command;
    }

    private static Command Projections()
    {
        var scale = Scale();
        var seed = Seed();
        var command = new Command("projections",
            "Rebuild throughput against a raw ordered read; monthly report, one-case replay and as-known-at year p95 against raw SELECTs.")
        {
            scale, seed,
        };
        command.SetAction((parse, ct) => RunAsync([("projections", ProjectionsScenario(parse.GetValue(scale), parse.GetValue(seed)))], ct));
        return command;
    }

    private static Command Import()
    {
        var households = Households();
        var megabytes = LargeMegabytes();
        var command = new Command("import", "CAF flux import (households/s, events/s) against a raw COPY of the same events, and its peak memory on a large flux.")
        {
            households, megabytes,
        };
        command.SetAction((parse, ct) => RunAsync(
        [
            ("import", ImportScenario(new ImportBenchmarkOptions { Households = parse.GetValue(households), LargeFileMegabytes = parse.GetValue(megabytes) })),
        ], ct));
        return command;
    }

    private static Command National()
    {
        var scale = new Option<double>("--scale") { Description = "Share of France's 2.1 million people (1: about 20 million events).", DefaultValueFactory = _ => 1 };
        var departements = new Option<int>("--departements") { Description = "Départements loaded, in the profile's order (101: all).", DefaultValueFactory = _ => 101 };
        var seed = Seed();
        var command = new Command("national",
            "France in one PostgreSQL: loads 1, 2, 5 … 101 départements, rebuilds their projections, measures each figure as it grows; then every monthly report.")
        {
            scale, departements, seed,
        };
        scale.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 1) result.AddError("--scale must be in ]0, 1].");
        });
        departements.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 101) result.AddError("--departements must be between 1 and 101.");
        });
        command.SetAction((parse, ct) => RunAsync(
        [
            ("national", (database, report, token) => NationalBenchmark.RunAsync(database, new NationalBenchmarkOptions
            {
                Scale = parse.GetValue(scale),
                Departements = parse.GetValue(departements),
                Seed = parse.GetValue(seed),
                Log = Log,
            }, report, token)),
        ], ct));
        return command;
    }

    private static Scenario AppendScenario(AppendBenchmarkOptions options) =>
        (database, report, ct) => AppendBenchmark.RunAsync(database, options, report, ct);

    private static Scenario HttpScenario(HttpBenchmarkOptions options) =>
        (database, report, ct) => HttpBenchCommand.RunAsync(database, options, report, ct);

    private static Scenario ProjectionsScenario(double scale, ulong seed) =>
        (database, report, ct) => ProjectionsBenchmark.RunAsync(database, new ProjectionsBenchmarkOptions { Scale = scale, Seed = seed, Log = Log }, report, ct);

    private static Scenario ImportScenario(ImportBenchmarkOptions options) =>
        (database, report, ct) => ImportBenchmark.RunAsync(database, options, report, ct);

    private static Scenario IdentitiesScenario(int people) =>
        (database, report, ct) => IdentityBenchmark.RunAsync(database, people, report, ct);

    /// <summary>
    /// Runs the scenarios one after the other on one server (embedded, or PARCOURS_CONNECTION), each in a fresh scratch
    /// database dropped afterwards; prints each figure as a JSON line as it comes, then the summary table.
    /// </summary>
    private static async Task<int> RunAsync(IReadOnlyList<(string Name, Scenario Run)> scenarios, CancellationToken ct)
    {
        await using var server = await DatabaseConnection.ResolveAsync(
            DatabaseConnection.ApplicationVariable, EmbeddedPostgresOptions.Temporary() with { Log = Log }, ct);
        var results = new List<BenchmarkResult>();
        foreach (var (name, run) in scenarios)
        {
            Log($"== bench {name}");
            var database = await DatabaseAdmin.RecreateAsync(server.ConnectionString, ScratchDatabase, ct);
            try
            {
                await run(database, result =>
                {
                    results.Add(result);
                    Console.WriteLine(result.ToJsonLine());
                }, ct);
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await DatabaseAdmin.DropAsync(server.ConnectionString, ScratchDatabase, CancellationToken.None);
            }
        }
        BenchmarkSummary.Write(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }), results);
        return 0;
    }

    private static Option<int> Seconds(int seconds) =>
        AtLeast(new Option<int>("--seconds") { Description = "Measured seconds of each side of a timed scenario, in alternating rounds (after a warm-up).", DefaultValueFactory = _ => seconds }, 1);

    private static Option<double> Scale()
    {
        var scale = new Option<double>("--scale") { Description = "Times the Haute-Garonne profile's people (3: about 1.2 million events).", DefaultValueFactory = _ => 3 };
        scale.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 20) result.AddError("--scale must be in ]0, 20].");
        });
        return scale;
    }

    private static Option<ulong> Seed() => new("--seed") { Description = "Seed of the generator.", DefaultValueFactory = _ => 2025 };

    private static Option<int> Households() =>
        AtLeast(new Option<int>("--households") { Description = "New households in the measured CAF flux.", DefaultValueFactory = _ => 50_000 }, 1_000);

    private static Option<int> LargeMegabytes() =>
        AtLeast(new Option<int>("--large-mb") { Description = "Size of the flux whose peak memory is measured (MB).", DefaultValueFactory = _ => 200 }, 1);

    private static Option<int> People() =>
        AtLeast(new Option<int>("--people") { Description = "Identities saved then looked up (a CAF import of a large département).", DefaultValueFactory = _ => 70_000 }, 1_000);

    private static Option<int> Cases() =>
        AtLeast(new Option<int>("--cases") { Description = "Cases created before the HTTP scenario; each command picks one at random.", DefaultValueFactory = _ => 2_000 }, 1);

    // Each option checks its own value: a command validator reads 0 for an option left to its default.
    private static Option<int> AtLeast(Option<int> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < minimum) result.AddError($"{option.Name} must be at least {minimum}.");
        });
        return option;
    }
}
