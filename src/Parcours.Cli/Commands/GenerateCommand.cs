using System.CommandLine;
using Parcours.Importers.Generation;
using Parcours.Simulation;
using Parcours.Simulation.Profiles;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours generate --profile haute-garonne --months 36 --out DIR [--seed]</c>: a synthetic département as monthly CAF
/// flux files (schema-valid, made-up names, valid-format made-up NIRs) and step CSVs, with <c>communes.csv</c>.
/// </summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile")
        {
            Description = $"Synthetic département: {string.Join(", ", SimulationProfiles.Names)}.",
            DefaultValueFactory = _ => SimulationProfiles.HauteGaronne.Name,
        };
        profile.AcceptOnlyFromAmong([.. SimulationProfiles.Names]);
        var months = new Option<int?>("--months") { Description = "Months to simulate (default: the profile's)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generator (same seed, same files).", DefaultValueFactory = _ => 2025 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the files to (created if needed).", Required = true };
        var command = new Command("generate", "Write a synthetic département as CAF flux files and step CSVs.") { profile, months, seed, output };
        command.SetAction((parse, ct) =>
        {
            var chosen = SimulationProfiles.ByName(parse.GetValue(profile)!);
            if (parse.GetValue(months) is { } m)
            {
                if (m < 1) { Console.Error.WriteLine("--months doit être au moins 1."); return Task.FromResult(2); }
                chosen = chosen with { Months = m };
            }
            var simulation = new DepartementSimulation(chosen, parse.GetValue(seed));
            var files = Write(simulation, parse.GetValue(output)!.FullName);
            AnsiConsole.MarkupLineInterpolated(
                $"{files.People:N0} personnes : {files.Imports.Count(f => f.Kind == GeneratedKind.Flux)} flux CAF et {files.Imports.Count(f => f.Kind == GeneratedKind.Steps)} fichiers d'étapes dans {files.Directory}.");
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Generates with a progress bar (shared with <c>demo</c>).</summary>
    public static GeneratedFiles Write(DepartementSimulation simulation, string directory)
    {
        GeneratedFiles? files = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask($"Génération des fichiers de {simulation.PeopleCount:N0} personnes", maxValue: simulation.PeopleCount);
                files = DepartementFiles.Generate(simulation, directory, done => task.Value = done);
            });
        return files!;
    }
}
