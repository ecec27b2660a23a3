using NodaTime;
using Parcours.Application;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.TimeTravel;
using Parcours.Projections.Tests.Support;
using static Parcours.Projections.Tests.Support.ProjectionDatabase;

namespace Parcours.Projections.Tests;

/// <summary>"As known at T" and "a case as of..." equal a from-scratch computation over the filtered events.</summary>
public sealed class TimeTravelTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    [Theory]
    [InlineData("2024-10-15T08:00:00Z")]
    [InlineData("2025-01-31T23:30:00Z")]
    [InlineData("2025-05-02T12:00:00Z")]
    public async Task Indicators_as_known_at_an_instant_equal_the_engine_over_the_events_recorded_before_it(string at)
    {
        var (models, _) = await Loaded();
        var knownAt = NodaTime.Text.InstantPattern.General.Parse(at).Value;
        var asOf = ParisCalendar.DateOf(knownAt);

        var aggregates = await models.AsKnownAt.ComputeAsync(
            HauteGaronne, models.Catalogue.Definitions, new YearMonth(2024, 7), new YearMonth(2025, 6), knownAt);

        var travelled = aggregates.SelectMany(a => a.All().Select(c => (Key: (a.Definition.Id, a.Definition.Version, c.Key), c.Value)))
            .ToDictionary(x => x.Key, x => x.Value);
        var expected = (await BruteForceAsync(models.Store, models.Catalogue.Definitions, asOf, knownAt))
            .Where(c => c.Key.Item3.Cohort >= new YearMonth(2024, 7) && c.Key.Item3.Cohort <= new YearMonth(2025, 6))
            .ToDictionary(c => c.Key, c => c.Value);
        travelled.Count.ShouldBeGreaterThan(10);
        travelled.ShouldEqualCells(expected);

        // Late recordings make a difference: what was known then is not what is known now about the same day.
        var now = await BruteForceAsync(models.Store, models.Catalogue.Definitions, asOf);
        expected.Count(c => !now.TryGetValue(c.Key, out var known) || known != c.Value).ShouldBeGreaterThan(0);
    }

    /// <summary>The report reads on this thread while workers evaluate: a failure of the reading reaches the caller, and
    /// neither side is left waiting for the other.</summary>
    [Fact(Timeout = 120_000)]
    public async Task An_as_known_at_report_of_a_departement_the_log_does_not_know_fails_with_that_error()
    {
        var (models, _) = await Loaded();

        await Should.ThrowAsync<UnknownTenantException>(() => models.AsKnownAt.ComputeAsync(
            TenantId.Parse("974"), models.Catalogue.Definitions, new YearMonth(2024, 7), new YearMonth(2025, 6), Instant.FromUtc(2025, 1, 31, 12, 0)));
    }

    [Fact]
    public async Task A_case_as_of_a_version_an_instant_or_a_business_date_equals_the_fold_of_the_filtered_events()
    {
        var (models, _) = await Loaded();
        var person = people!.Where(p => p.Events.Any(e => e.Event is StepCorrected)).OrderByDescending(p => p.Events.Count).First();
        var caseId = person.CaseId;
        var all = person.Events.Select(e => e.ToRecorded()).ToList();
        var middle = all[all.Count / 2];

        var atVersion = await models.Cases.StateAsync(HauteGaronne, caseId, new CasePoint.AtVersion(middle.Version));
        atVersion.Version.ShouldBe(middle.Version);
        atVersion.Phase.ShouldBe(PathwayState.From(all.Where(e => e.Version <= middle.Version)).Phase);

        var atInstant = await models.Cases.StateAsync(HauteGaronne, caseId, new CasePoint.RecordedAt(middle.RecordedAt));
        atInstant.History.Count.ShouldBe(all.Count(e => e.RecordedAt <= middle.RecordedAt));

        var day = middle.Event.BusinessDate;
        var onDate = await models.Cases.StateAsync(HauteGaronne, caseId, new CasePoint.OnBusinessDate(day));
        onDate.Steps.ShouldAllBe(s => s.Step.BusinessDate <= day);
        onDate.Steps.Select(s => s.Version).ShouldBe(EffectiveHistory.Of(all).Where(s => s.Step.BusinessDate <= day).Select(s => s.Version));
        onDate.Steps.Count.ShouldBeLessThan(PathwayState.From(all).Steps.Count);
    }

    private static IReadOnlyList<Simulation.SyntheticPerson>? people;
    private static readonly SemaphoreSlim Once = new(1, 1);

    private async Task<(ReadModels, NodaTime.Testing.FakeClock)> Loaded()
    {
        var opened = await db.OpenAsync();
        await Once.WaitAsync();
        try
        {
            people ??= await LoadSmallAsync(opened.Models.Store, seed: 17);
        }
        finally
        {
            Once.Release();
        }
        // The brute force reads through the global reader: wait until no transaction of another test on the shared server
        // holds the loaded events back from it (else it sees fewer events, or none, than the report's direct reads).
        await WaitUntilNothingHeldBackAsync(opened.Models.Daemon);
        return opened;
    }
}
