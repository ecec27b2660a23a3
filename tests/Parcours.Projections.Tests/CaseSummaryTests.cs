using NodaTime;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.CaseSummaries;
using Parcours.Projections.WorkQueue;
using Parcours.Simulation;
using Parcours.Simulation.Profiles;
using Parcours.Projections.Tests.Support;
using static Parcours.Projections.Tests.Support.ProjectionDatabase;

namespace Parcours.Projections.Tests;

/// <summary>The inline summary and deadlines commit with the events; the work queue reads them.</summary>
public sealed class CaseSummaryTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    private static readonly EventMetadata Manager = new("gsb-31-001");

    [Fact]
    public async Task A_new_entrant_waits_for_orientation_in_the_queue_and_leaves_those_windows_once_oriented()
    {
        var (models, _) = await db.OpenAsync();
        var caseId = CaseId.New();
        var stream = new StreamId(caseId.Value);
        var knownOn = new LocalDate(2025, 6, 2);
        await models.Store.AppendAsync(HauteGaronne, stream, "pathway", ExpectedVersion.NoStream,
            [new RsaEntered(new LocalDate(2025, 5, 20), knownOn, true, EntrySource.CafFlux, "T1")], Manager);

        var today = new LocalDate(2025, 7, 1);
        var queue = await models.WorkQueue.ListAsync(HauteGaronne, today, new WorkQueueFilter(WithinDays: 30));
        var mine = queue.Where(i => i.CaseId == caseId).ToList();
        // CALPAE: oriented within 1 month of 2 June, last day 2 July (inclusive); 2025 law: 6 weeks, last day 14 July.
        mine.Select(i => (i.DefinitionId, i.LastDayOnTime)).ShouldContain((CalpaeRow2OrientationDelay.Id, new LocalDate(2025, 7, 2)));
        mine.Select(i => (i.DefinitionId, i.LastDayOnTime)).ShouldContain((PleinEmploiOrientationDelay.Id, new LocalDate(2025, 7, 14)));
        mine.Single(i => i.DefinitionId == CalpaeRow2OrientationDelay.Id).DaysLeft.ShouldBe(1);
        mine.ShouldAllBe(i => i.Phase == "AwaitingOrientation" && i.Territory == "T1");

        // Two weeks late on CALPAE's month, still in the queue as overdue.
        var late = await models.WorkQueue.ListAsync(HauteGaronne, new LocalDate(2025, 7, 16), new WorkQueueFilter(WithinDays: 0));
        late.Single(i => i.CaseId == caseId && i.DefinitionId == CalpaeRow2OrientationDelay.Id).IsOverdue.ShouldBeTrue();

        await models.Store.AppendAsync(HauteGaronne, stream, "pathway", ExpectedVersion.Exactly(1),
            [new OrientationDecided(new LocalDate(2025, 6, 30), null, Track.Social, "MDS Colomiers", "ref-31-0042", OrientationChannel.Manager)], Manager);

        var after = (await models.WorkQueue.ListAsync(HauteGaronne, today, new WorkQueueFilter(WithinDays: 90))).Where(i => i.CaseId == caseId).ToList();
        after.ShouldNotContain(i => i.DefinitionId == CalpaeRow2OrientationDelay.Id || i.DefinitionId == PleinEmploiOrientationDelay.Id);
        // Now awaited: the first appointment (fixed within 2 weeks of the orientation, last day 14 July) and the first contract.
        after.ShouldContain(i => i.DefinitionId == CalpaeRow4AppointmentDelay.Id && i.LastDayOnTime == new LocalDate(2025, 7, 14));
        after.ShouldContain(i => i.DefinitionId == CalpaeRow6ContractDelay.Id && i.LastDayOnTime == new LocalDate(2025, 8, 30));
        after.ShouldAllBe(i => i.Phase == "Oriented" && i.Organisation == "MDS Colomiers");
        after.Select(i => i.LastDayOnTime).ShouldBeInOrder();
    }

    [Fact]
    public async Task A_failed_append_leaves_the_summary_as_it_was()
    {
        var (models, _) = await db.OpenAsync();
        var caseId = CaseId.New();
        var stream = new StreamId(caseId.Value);
        await models.Store.AppendAsync(HauteGaronne, stream, "pathway", ExpectedVersion.NoStream,
            [new RsaEntered(new LocalDate(2025, 5, 20), new LocalDate(2025, 6, 2), true, EntrySource.CafFlux, "T2")], Manager);

        await Should.ThrowAsync<ConcurrencyException>(() => models.Store.AppendAsync(HauteGaronne, stream, "pathway", ExpectedVersion.NoStream,
            [new OrientationDecided(new LocalDate(2025, 6, 30), null, Track.Social, "MDS Muret", null, OrientationChannel.Manager)], Manager));

        var queue = await models.WorkQueue.ListAsync(HauteGaronne, new LocalDate(2025, 7, 1), new WorkQueueFilter(WithinDays: 60, Territory: "T2"));
        queue.Where(i => i.CaseId == caseId).ShouldAllBe(i => i.Phase == "AwaitingOrientation");
        queue.ShouldContain(i => i.CaseId == caseId);
    }

    [Fact]
    public async Task A_few_summaries_inserted_in_one_batch_are_the_same_rows_as_many_copied()
    {
        var (models, _) = await db.OpenAsync();
        var summaries = new DepartementSimulation(SimulationProfiles.Small, 41).People().Where(p => p.Events.Count > 0)
            .Take(CaseSummaryProjection.InsertLimit + 1)
            .Select(p => CaseSummary.From(p.CaseId, HauteGaronne.Code, [.. p.Events.Select(e => e.ToRecorded())], models.Catalogue.Definitions))
            .ToList();
        summaries.ShouldContain(s => s.Awaited.Count > 0);
        summaries.ShouldContain(s => s.ExitedOn != null);
        summaries.ShouldContain(s => s.Track == null);

        async Task<string[]> WrittenAsync(int perCall)
        {
            await using var connection = await db.DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var chunk in summaries.Chunk(perCall)) await CaseSummaryProjection.WriteAsync(connection, transaction, chunk, default);
            await using var command = new Npgsql.NpgsqlCommand(
                """
                SELECT 's ' || s::text FROM parcours_read.case_summaries s WHERE case_id = ANY($1)
                UNION ALL SELECT 'd ' || d::text FROM parcours_read.case_deadlines d WHERE case_id = ANY($1) ORDER BY 1
                """, connection, transaction);
            command.Parameters.Add(new() { Value = summaries.Select(s => s.CaseId.Value).ToArray() });
            var rows = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            await transaction.RollbackAsync();
            return [.. rows];
        }

        var copied = await WrittenAsync(summaries.Count); // more than InsertLimit: COPY
        var inserted = await WrittenAsync(7); // a few per call: one batch of INSERT … unnest
        copied.Count(r => r.StartsWith("s ", StringComparison.Ordinal)).ShouldBe(summaries.Count);
        copied.Length.ShouldBe(summaries.Count + summaries.Sum(s => s.Awaited.Count));
        inserted.ShouldBe(copied);
    }
}
