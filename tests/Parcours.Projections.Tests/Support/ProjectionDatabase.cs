using Npgsql;
using NodaTime;
using NodaTime.Testing;
using Parcours.Application.Reporting;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Indicators;
using Parcours.Projections.Schema;
using Parcours.Simulation;
using Parcours.Simulation.Profiles;
using Parcours.Testing;

namespace Parcours.Projections.Tests.Support;

/// <summary>
/// A fresh database per test class from a template holding both schemas and the tenant 31, and helpers to load a
/// synthetic département through the store (so that the inline projection runs) and to compute the same figures by
/// brute force with the engine.
/// </summary>
public sealed class ProjectionDatabase() : PostgresDatabaseFixture("projections", "projections_schema", InitializeAsync)
{
    public static readonly TenantId HauteGaronne = TenantId.Parse("31");

    /// <summary>The small profile covers July 2024 to June 2025; "today" starts the day after.</summary>
    public static readonly Instant DayAfterWindow = new LocalDate(2025, 7, 1).At(new LocalTime(10, 0)).InZoneLeniently(ParisCalendar.Zone).ToInstant();

    private static async Task InitializeAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var models = await ReadModels.OpenAsync(dataSource, new FakeClock(DayAfterWindow));
        await models.Store.RegisterTenantAsync(HauteGaronne, "Haute-Garonne");
        await ReadModelSchema.EnsureAsync(dataSource);
    }

    public async Task<(ReadModels Models, FakeClock Clock)> OpenAsync(Instant? now = null)
    {
        var clock = new FakeClock(now ?? DayAfterWindow);
        return (await ReadModels.OpenAsync(DataSource, clock), clock);
    }

    /// <summary>Appends the small profile's people with each step's own actor and recording instant.</summary>
    public static async Task<IReadOnlyList<SyntheticPerson>> LoadSmallAsync(EventStore.EventStore store, ulong seed = 7)
    {
        var people = new DepartementSimulation(SimulationProfiles.Small, seed).People().Where(p => p.Events.Count > 0).ToList();
        foreach (var chunk in people.Chunk(200))
        {
            await store.AppendBulkAsync(HauteGaronne,
            [
                .. chunk.Select(p => new StreamAppend(new StreamId(p.CaseId.Value), "pathway", ExpectedVersion.NoStream, [.. p.Events.Select(e => (object)e.Event)])
                {
                    EventMetadata = [.. p.Events.Select(e => new EventMetadata(e.RecordedBy, RecordedAtOverride: e.RecordedAt))],
                }),
            ], new EventMetadata("test-import"));
        }
        return people;
    }

    /// <summary>
    /// Waits (up to a minute) until no committed event is held back from the global reader by a transaction still open
    /// elsewhere on the shared server (other test classes and assemblies): until then a daemon's step can be Idle with
    /// events left to read.
    /// </summary>
    public static async Task WaitUntilNothingHeldBackAsync(ProjectionDaemon daemon)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await daemon.LagAsync(HauteGaronne)).EventsHeldBack > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
    }

    /// <summary>Every cell of every definition, computed from scratch by the engine over the store's histories.</summary>
    public static async Task<Dictionary<(string, int, CohortKey), CohortFigures>> BruteForceAsync(
        EventStore.EventStore store, IReadOnlyList<IndicatorDefinition> definitions, LocalDate asOf, Instant? knownAt = null)
    {
        var histories = await TenantHistories.ReadAsync(store, HauteGaronne);
        var aggregates = MonthlyFigures.Aggregate(definitions, histories, asOf, knownAt);
        return aggregates.SelectMany(a => a.All().Select(c => (Key: (a.Definition.Id, a.Definition.Version, c.Key), c.Value)))
            .ToDictionary(x => x.Key, x => x.Value);
    }

    public static async Task<Dictionary<(string, int, CohortKey), CohortFigures>> ProjectedAsync(ReadModels models)
    {
        var cells = await models.Reports.CellsAsync(HauteGaronne, models.Catalogue.Definitions, new YearMonth(1900, 1), new YearMonth(9999, 12));
        return cells.ToDictionary(c => c.Key, c => c.Value);
    }
}
