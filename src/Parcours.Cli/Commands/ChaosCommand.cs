using System.CommandLine;
using System.Globalization;
using Parcours.Cli.Chaos;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours chaos</c>: the fault scenarios (<see cref="ChaosScenarios"/>) for longer runs than the test suite's, each on
/// its own private PostgreSQL (in a temporary folder, deleted afterwards) with real server processes on loopback, bounded
/// by <c>--commands</c> and <c>--duration</c>. Prints the counts of each scenario; exit code 1 if any check failed.
/// </summary>
public static class ChaosCommand
{
    public static Command Create()
    {
        var scenarios = new Option<string[]>("--scenario")
        {
            Description = "Scenarios to run (repeatable): " + string.Join(", ", ChaosScenarios.Names) + ". Default: all.",
            AllowMultipleArgumentsPerToken = true,
        };
        scenarios.AcceptOnlyFromAmong([.. ChaosScenarios.Names]);
        var commands = new Option<int>("--commands") { Description = "Step commands sent at most per scenario.", DefaultValueFactory = _ => 2_000 };
        var duration = new Option<int>("--duration") { Description = "Seconds of load at most per scenario.", DefaultValueFactory = _ => 60 };
        var clients = new Option<int>("--clients") { Description = "Concurrent HTTP clients.", DefaultValueFactory = _ => 4 };
        var faults = new Option<int>("--faults") { Description = "Faults injected per scenario (kills, restarts).", DefaultValueFactory = _ => 2 };
        var people = new Option<int>("--people") { Description = "People of the synthetic département projected by the daemon scenarios.", DefaultValueFactory = _ => 1_200 };
        var seed = new Option<int>("--seed") { Description = "Seed of the commands and of the synthetic département.", DefaultValueFactory = _ => 1 };
        foreach (var option in new[] { commands, duration, clients, faults, people, seed })
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1) result.AddError($"{option.Name} doit valoir au moins 1.");
            });
        var command = new Command("chaos",
            "Fault scenarios on loopback (kill -9 of the server, PostgreSQL restart, daemon killed mid-batch, two servers): counts of commands sent, acknowledged, found in the log.")
        {
            scenarios, commands, duration, clients, faults, people, seed,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ChaosOptions
            {
                Commands = parse.GetValue(commands),
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                Clients = parse.GetValue(clients),
                Faults = parse.GetValue(faults),
                People = parse.GetValue(people),
                Seed = parse.GetValue(seed),
                Log = line => Console.Error.WriteLine(line),
            };
            var chosen = parse.GetValue(scenarios) is { Length: > 0 } names ? names : [.. ChaosScenarios.Names];
            var failed = 0;
            foreach (var scenario in chosen)
            {
                Console.Error.WriteLine($"Scénario {scenario}...");
                var report = await ChaosScenarios.RunAsync(scenario, options, ct);
                Console.WriteLine(Describe(report));
                if (!report.Passed) failed++;
            }
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>The report in French: counts, answers, facts, then each failed check.</summary>
    public static string Describe(ChaosReport report)
    {
        static string Pairs(IReadOnlyDictionary<string, long> values) =>
            string.Join(", ", values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key}: {v.Value}")));
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{report.Scenario} : {(report.Passed ? "OK" : "ÉCHEC")} en {report.Elapsed.TotalSeconds:0} s — commandes envoyées {report.Sent}, acquittées {report.Acknowledged}, trouvées une fois dans le journal {report.Found}, en double {report.Duplicated}, manquantes {report.Missing}"),
            "  réponses : " + Pairs(report.Answers),
            "  faits : " + Pairs(report.Facts),
        };
        lines.AddRange(report.Failures.Select(f => "  échec : " + f));
        return string.Join(Environment.NewLine, lines);
    }
}
