using Parcours.Domain.Pathways;
using Parcours.Importers.Cnaf.Flux;
using Parcours.Importers.Cnaf.Import;
using Parcours.Importers.Generation;
using Parcours.Importers.Steps;
using Parcours.Importers.Tests.Support;
using Parcours.Application;
using Parcours.EventStore;
using Parcours.Simulation;
using Parcours.Simulation.Identities;
using Parcours.Simulation.Profiles;

namespace Parcours.Importers.Tests;

public sealed class GeneratedFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parcours-generated-" + Guid.NewGuid().ToString("N"));
    private static readonly DepartementSimulation Small = new(SimulationProfiles.Small, 7);

    [Fact]
    public void Every_generated_flux_is_valid_against_the_schema_with_obviously_fake_names_and_valid_format_NIRs()
    {
        var files = DepartementFiles.Generate(Small, _directory);

        var flux = files.Imports.Where(f => f.Kind == GeneratedKind.Flux).ToList();
        flux.Count.ShouldBe(SimulationProfiles.Small.Months);
        foreach (var file in flux)
        {
            using var reader = CafFluxReader.Open(File.OpenRead(file.Path));
            var households = reader.Households().ToList();
            reader.Errors.ShouldBeEmpty(file.Path);
            households.Count.ShouldBe(file.Records);
            households.SelectMany(h => h.People).ShouldAllBe(p => Nir.IsValid(p.Nir!));
        }
        File.ReadAllText(files.Communes).ShouldStartWith("code_commune;territoire");
    }

    [Fact]
    public async Task Importing_the_generated_files_reproduces_the_simulation_s_entries_and_exits()
    {
        var files = DepartementFiles.Generate(Small, _directory);
        await using var h = await ImportHarness.CreateAsync("generated_replay");
        var caf = new CafImportOptions(ReplayHistory: true, Territories: CommuneTerritories.Read(files.Communes));
        foreach (var file in files.Imports)
        {
            var report = file.Kind == GeneratedKind.Flux
                ? await h.Services.Cnaf.ImportFileAsync(ImportHarness.Tenant, file.Path, caf)
                : await h.Services.Steps.ImportFileAsync(ImportHarness.Tenant, file.Path, new StepImportOptions());
            report.Rejections.ShouldBeEmpty(file.Path);
            report.Applied.ShouldBeTrue(file.Path + " " + report.Message);
        }

        foreach (var person in Small.People())
        {
            var expected = RightFacts(person.Events.Select(e => e.Event));
            var @case = await h.CaseOfAsync(person.Identity.CafMatricule, person.Identity.CafRoleCode);
            if (expected.Count == 0) { @case.ShouldBeNull(); continue; }
            var stored = await h.Services.Models.Store.ReadStreamsAsync(ImportHarness.Tenant, [new StreamId(@case!.Value.Value)]);
            var actual = RightFacts(stored[new StreamId(@case.Value.Value)].Select(e => PathwayEventStore.ToRecorded(e).Event));
            actual.ShouldBe(expected, $"person {person.Index}");
        }
    }

    /// <summary>Entries and exits as the indicators see them: kind, dates, ground (sources and reason texts differ by design).</summary>
    private static List<string> RightFacts(IEnumerable<IPathwayEvent> events) =>
    [
        .. events.Select(e => e switch
        {
            RsaEntered x => $"entry {x.ApplicationDate} {x.KnownOn} {x.SubjectToRightsAndDuties} {x.Territory}",
            RsaReentered x => $"reentry {x.ApplicationDate} {x.KnownOn} {x.SubjectToRightsAndDuties} {x.Ground} {x.Territory}",
            RsaExited x => $"exit {x.On}",
            RightSuspended x => $"suspended {x.On}",
            RightResumed x => $"resumed {x.On}",
            RightsAndDutiesChanged x => $"rights-and-duties {x.On} {x.SubjectToRightsAndDuties}",
            _ => null,
        }).OfType<string>(),
    ];

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
