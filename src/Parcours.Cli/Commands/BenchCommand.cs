using System.CommandLine;
using Parcours.Application.Hosting;
using Parcours.Benchmarks;
using Parcours.EmbeddedPostgres;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours bench append|projections|import|identities|http</c>: benchmarks that compare Parcours with a raw PostgreSQL baseline in the same run, on a
/// throw-away cluster (or on <c>PARCOURS_CONNECTION</c>). One JSON object per line on stdout; progress on stderr.
/// </summary>
public static class BenchCommand
{
    /// <summary>Benchmarks run in their own database, dropped at the end, even on a server given by PARCOURS_CONNECTION.</summary>
    private const string ScratchDatabase = "parcours_bench";

    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks, each against a raw PostgreSQL baseline measured in the same run (JSON lines).");
        bench.Add(Append());
        bench.Add(Identities());
        bench.Add(HttpBenchCommand.Create(ScratchDatabase));
        bench.Add(Projections());
        bench.Add(Import());
        return bench;
    }

    private static Command Projections()
    {
        var scale = new Option<double>("--scale") { Description = "Times the Haute-Garonne profile's people (3: about 1.2 million events).", DefaultValueFactory = _ => 3 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generator.", DefaultValueFactory = _ => 2025 };
        var command = new Command("projections",
            "Rebuild throughput against a raw ordered read; monthly report, one-case replay and as-known-at year p95 against raw SELECTs.")
        {
            scale, seed,
        };
        scale.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 20) result.AddError("--scale must be in ]0, 20].");
        });
        command.SetAction((parse, ct) => InScratchDatabaseAsync(database => ProjectionsBenchmark.RunAsync(database, new ProjectionsBenchmarkOptions
        {
            Scale = parse.GetValue(scale),
            Seed = parse.GetValue(seed),
            Log = line => Console.Error.WriteLine(line),
        }, result => Console.WriteLine(result.ToJsonLine()), ct), ct));
        return command;
    }

    /// <summary>Runs <paramref name="benchmark"/> in a fresh scratch database, dropped afterwards.</summary>
    private static async Task<int> InScratchDatabaseAsync(Func<string, Task> benchmark, CancellationToken ct)
    {
        await using var server = await DatabaseConnection.ResolveAsync(
            DatabaseConnection.ApplicationVariable,
            EmbeddedPostgresOptions.Temporary() with { Log = line => Console.Error.WriteLine(line) },
            ct);
        var database = await DatabaseAdmin.RecreateAsync(server.ConnectionString, ScratchDatabase, ct);
        try
        {
            await benchmark(database);
        }
        finally
        {
            await DatabaseAdmin.DropAsync(server.ConnectionString, ScratchDatabase, CancellationToken.None);
        }
        return 0;
    }

    private static Command Append()
    {
        var seconds = new Option<int>("--seconds") { Description = "Measured seconds of each side of a single-append scenario, in alternating rounds (after a 1 s warm-up).", DefaultValueFactory = _ => 6 };
        var writers = new Option<int>("--writers") { Description = "Concurrent writers of the multi-writer scenario.", DefaultValueFactory = _ => 4 };
        var bulk = new Option<int>("--bulk-events") { Description = "Events in the bulk scenario.", DefaultValueFactory = _ => 100_000 };
        var command = new Command("append", "Store appends (1 and N writers, bulk) against raw INSERT and COPY into an identical table.") { seconds, writers, bulk };
        // Each option checks its own value: a command validator reads 0 for an option left to its default.
        AtLeast(seconds, 1);
        AtLeast(writers, 1);
        AtLeast(bulk, 1_000);
        command.SetAction(async (parse, ct) =>
        {
            var options = new AppendBenchmarkOptions
            {
                Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                ConcurrentWriters = parse.GetValue(writers),
                BulkEvents = parse.GetValue(bulk),
            };
            return await InScratchDatabaseAsync(database => AppendBenchmark.RunAsync(database, options, result => Console.WriteLine(result.ToJsonLine()), ct), ct);
        });
        return command;
    }

    private static Command Identities()
    {
        var people = new Option<int>("--people") { Description = "Identities saved then looked up (a CAF import of a large département).", DefaultValueFactory = _ => 70_000 };
        var command = new Command("identities", "Identity store: SaveAsync against raw COPY of rows of the same shape, FindByCafAsync against a raw unnest join.") { people };
        AtLeast(people, 1_000);
        command.SetAction(async (parse, ct) =>
        {
            await using var server = await DatabaseConnection.ResolveAsync(
                DatabaseConnection.ApplicationVariable,
                EmbeddedPostgresOptions.Temporary() with { Log = line => Console.Error.WriteLine(line) },
                ct);
            var database = await DatabaseAdmin.RecreateAsync(server.ConnectionString, ScratchDatabase, ct);
            try
            {
                await IdentityBenchmark.RunAsync(database, parse.GetValue(people), result => Console.WriteLine(result.ToJsonLine()), ct);
            }
            finally
            {
                await DatabaseAdmin.DropAsync(server.ConnectionString, ScratchDatabase, CancellationToken.None);
            }
            return 0;
        });
        return command;
    }

    private static Command Import()
    {
        var households = new Option<int>("--households") { Description = "New households in the measured flux.", DefaultValueFactory = _ => 50_000 };
        var megabytes = new Option<int>("--large-mb") { Description = "Size of the flux whose peak memory is measured (MB).", DefaultValueFactory = _ => 200 };
        var command = new Command("import", "CAF flux import (households/s, events/s) against a raw COPY of the same events, and its peak memory on a large flux.")
        {
            households, megabytes,
        };
        AtLeast(households, 1_000);
        AtLeast(megabytes, 1);
        command.SetAction(async (parse, ct) =>
        {
            var options = new ImportBenchmarkOptions { Households = parse.GetValue(households), LargeFileMegabytes = parse.GetValue(megabytes) };
            await using var server = await DatabaseConnection.ResolveAsync(
                DatabaseConnection.ApplicationVariable,
                EmbeddedPostgresOptions.Temporary() with { Log = line => Console.Error.WriteLine(line) },
                ct);
            var database = await DatabaseAdmin.RecreateAsync(server.ConnectionString, ScratchDatabase, ct);
            try
            {
                await ImportBenchmark.RunAsync(database, options, result => Console.WriteLine(result.ToJsonLine()), ct);
            }
            finally
            {
                await DatabaseAdmin.DropAsync(server.ConnectionString, ScratchDatabase, CancellationToken.None);
            }
            return 0;
        });
        return command;
    }

    private static void AtLeast(Option<int> option, int minimum) =>
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < minimum) result.AddError($"{option.Name} must be at least {minimum}.");
        });
}
