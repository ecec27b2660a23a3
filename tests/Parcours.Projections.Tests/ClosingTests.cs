using NodaTime;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Closing;
using Parcours.Projections.Tests.Support;
using static Parcours.Projections.Tests.Support.ProjectionDatabase;

namespace Parcours.Projections.Tests;

/// <summary>A closed month keeps what was published; a late event shows as a revision naming its case and itself.</summary>
public sealed class ClosingTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    private static readonly YearMonth June = new(2025, 6);
    private static readonly EventMetadata Manager = new("gsb-31-001");

    [Fact]
    public async Task A_closing_freezes_the_engines_figures_refuses_a_second_closing_and_a_late_event_becomes_a_revision()
    {
        var (models, _) = await db.OpenAsync();
        await LoadSmallAsync(models.Store, seed: 29);
        // A new entrant known in June, not yet oriented when June is closed.
        var late = CaseId.New();
        var entered = await models.Store.AppendAsync(HauteGaronne, new StreamId(late.Value), "pathway", ExpectedVersion.NoStream,
            [new RsaEntered(new LocalDate(2025, 5, 20), new LocalDate(2025, 6, 2), true, EntrySource.CafFlux, "T1")], Manager);
        // A closing counts the events up to the global reader's position; other tests' open transactions (same cluster) can
        // hold it back for a moment. Wait until it has passed our last event, so that the engine over the log is the reference.
        await WaitForReaderAsync(models.Store, entered.Positions[^1]);

        var closing = await models.Closings.CloseMonthAsync(HauteGaronne, June, "drh-31-007");

        closing.ClosedBy.ShouldBe("drh-31-007");
        closing.EvaluatedOn.ShouldBe(new LocalDate(2025, 7, 1));
        closing.ContentHash.Length.ShouldBe(64);
        (await models.Store.GetReaderProgressAsync(closing.Position)).EventsBehind.ShouldBe(0);

        // The frozen cells are the engine's over the log: cohort figures as of the closing day, snapshots as of 30 June.
        var published = (await models.Closings.PublishedAsync(HauteGaronne, June)).ToDictionary(f => (f.DefinitionId, f.DefinitionVersion, f.Key), f => f.Figures);
        var cohorts = await BruteForceAsync(models.Store, models.Catalogue.Definitions, new LocalDate(2025, 7, 1));
        var snapshots = await BruteForceAsync(models.Store, models.Catalogue.Definitions, new LocalDate(2025, 6, 30));
        var expected = models.Catalogue.Definitions
            .SelectMany(d => (d.Cohort is null ? snapshots : cohorts).Where(c => c.Key.Item1 == d.Id && c.Key.Item2 == d.Version && c.Key.Item3.Cohort == June))
            .ToDictionary(c => c.Key, c => c.Value);
        published.Where(p => p.Value.Denominator + p.Value.Numerator + p.Value.Pending + p.Value.Excluded > 0).ToDictionary(p => p.Key, p => p.Value)
            .ShouldEqualCells(expected);
        published.Keys.Where(k => k.Key.Breakdown is null).Select(k => k.Item1).Order()
            .ShouldBe(models.Catalogue.Definitions.Select(d => d.Id).Order(), "an overall figure for every definition");

        // Once only; and only a month that is over.
        var again = await Should.ThrowAsync<ClosingException>(() => models.Closings.CloseMonthAsync(HauteGaronne, June, "drh-31-008"));
        again.Code.ShouldBe("month-already-closed");
        again.Message.ShouldContain("drh-31-007");
        (await Should.ThrowAsync<ClosingException>(() => models.Closings.CloseMonthAsync(HauteGaronne, new YearMonth(2025, 7), "drh-31-007")))
            .Code.ShouldBe("month-not-over");
        (await models.Closings.RevisionsAsync(HauteGaronne, June)).Figures.ShouldBeEmpty();

        // Oriented on 20 June, recorded after the closing: June's orientation figures move, because of this case and this event.
        var recorded = await models.Store.AppendAsync(HauteGaronne, new StreamId(late.Value), "pathway", ExpectedVersion.Exactly(1),
            [new OrientationDecided(new LocalDate(2025, 6, 20), null, Track.Social, "MDS Colomiers", "ref-31-0042", OrientationChannel.Manager)], Manager);
        var revisions = await models.Closings.RevisionsAsync(HauteGaronne, June);

        revisions.Figures.ShouldNotBeEmpty();
        revisions.Figures.SelectMany(f => f.Cases).Select(c => c.CaseId).Distinct().ShouldBe([late]);
        var orientation = revisions.Figures.Single(f => f.DefinitionId == CalpaeRow2OrientationDelay.Id && f.Key == CohortKey.Overall(June));
        orientation.Current!.Numerator.ShouldBe(orientation.Published!.Numerator + 1);
        var change = orientation.Cases.Single();
        change.Published.Single().Outcome.ShouldNotBe(Outcome.Met);
        change.Current.Single().Outcome.ShouldBe(Outcome.Met);
        change.Events.Single().Version.ShouldBe(recorded.StreamVersion);
        change.Events.Single().Type.ShouldBe("orientation-decided");
        change.Events.Single().Position.ShouldBeGreaterThan(closing.Position);
        // What was published has not moved.
        (await models.Closings.PublishedAsync(HauteGaronne, June)).ToDictionary(f => (f.DefinitionId, f.DefinitionVersion, f.Key), f => f.Figures)
            .ShouldEqualCells(published);
    }

    private static async Task WaitForReaderAsync(EventStore.EventStore store, GlobalPosition last)
    {
        for (var i = 0; i < 600 && (await store.GetReaderProgressAsync(last)).HighWater < last; i++) await Task.Delay(100);
        (await store.GetReaderProgressAsync(last)).HighWater.ShouldBeGreaterThanOrEqualTo(last);
    }

    [Fact]
    public async Task The_content_hash_is_stable_and_detects_an_update_by_hand()
    {
        var (models, _) = await db.OpenAsync();
        await LoadSmallAsync(models.Store, seed: 31);
        var may = new YearMonth(2025, 5);
        var closing = await models.Closings.CloseMonthAsync(HauteGaronne, may, "drh-31-007");

        var verified = await models.Closings.VerifyClosingAsync(HauteGaronne, may);
        verified.IsIntact.ShouldBeTrue();
        verified.RecomputedHash.ShouldBe(closing.ContentHash);
        (await models.Closings.GetAsync(HauteGaronne, may))!.ShouldBe(closing);

        await using (var tamper = db.DataSource.CreateCommand(
            $"""
            UPDATE {ClosingSchema.Name}.closed_results SET outcome = 'Met'
            WHERE ctid = (SELECT ctid FROM {ClosingSchema.Name}.closed_results WHERE month = '2025-05-01' AND outcome = 'Missed' LIMIT 1)
            """))
        {
            (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        var after = await models.Closings.VerifyClosingAsync(HauteGaronne, may);
        after.IsIntact.ShouldBeFalse();
        after.RecomputedHash.ShouldNotBe(closing.ContentHash);
    }
}
