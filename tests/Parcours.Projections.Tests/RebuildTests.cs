using Npgsql;
using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Schema;
using Parcours.Projections.Tests.Support;
using static Parcours.Projections.Tests.Support.ProjectionDatabase;

namespace Parcours.Projections.Tests;

/// <summary>A rebuild gives the tables the incremental projections keep, and loses nothing appended while it runs.</summary>
public sealed class RebuildTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    private static readonly EventMetadata Manager = new("gsb-31-001");

    [Fact]
    public async Task A_rebuild_equals_the_incremental_projection_table_for_table_and_keeps_the_index_names()
    {
        var (models, _) = await db.OpenAsync();
        await LoadSmallAsync(models.Store, seed: 19);
        (await models.Daemon.CatchUpOrWaitAsync(HauteGaronne, TimeSpan.FromSeconds(60))).ShouldBeTrue();
        var incremental = await DumpAsync(db.DataSource);
        var indexes = await IndexNamesAsync(db.DataSource);
        incremental["case_summaries"].Length.ShouldBeGreaterThan(1_000);

        var progress = new List<Rebuild.RebuildProgress>();
        var result = await models.Rebuild.RunAsync(progress: new SyncProgress<Rebuild.RebuildProgress>(progress.Add));

        result.Events.ShouldBe(progress[^1].EventsTotal);
        result.Events.ShouldBeGreaterThan(0);
        result.StreamsCaughtUp.ShouldBe(0);
        var rebuilt = await DumpAsync(db.DataSource);
        foreach (var table in ReadModelTables.AllNames) rebuilt[table].ShouldBe(incremental[table], table);
        (await IndexNamesAsync(db.DataSource)).ShouldBe(indexes);
        // The daemon goes on from the position the rebuild read (events after it, if any, are re-projected: same rows).
        (await models.Daemon.LagAsync(HauteGaronne)).Checkpoint.ShouldBe(result.Position);

        // And again, for one tenant only: its rows replaced in place.
        await models.Rebuild.RunAsync(HauteGaronne);
        foreach (var (table, rows) in await DumpAsync(db.DataSource)) rows.ShouldBe(incremental[table], table);
    }

    [Fact]
    public async Task Summaries_folded_from_the_histories_appenders_hand_on_are_those_folded_from_the_log()
    {
        var (models, _) = await db.OpenAsync();
        var store = models.Store;
        var people = new Simulation.DepartementSimulation(Simulation.Profiles.SimulationProfiles.Small, 23).People()
            .Where(p => p.Events.Count > 2).Take(300).ToList();
        // Fresh ids: the simulation's ids depend on the person's rank, not the seed, and other tests load the same profile.
        var ids = people.ToDictionary(p => p, _ => StreamId.New());
        StreamAppend Append(Simulation.SyntheticPerson p, int skip, int take, long expected, IReadOnlyList<StoredEvent>? known) =>
            new(ids[p], "pathway", expected == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(expected),
                [.. p.Events.Skip(skip).Take(take).Select(e => (object)e.Event)])
            {
                EventMetadata = [.. p.Events.Skip(skip).Take(take).Select(e => new EventMetadata(e.RecordedBy, RecordedAtOverride: e.RecordedAt))],
                KnownHistory = known,
            };
        // Each case's first step creates it; the second comes in a bulk append with its known history (an import); the
        // rest one by one with the history read before (a command handler).
        await store.AppendBulkAsync(HauteGaronne, [.. people.Select(p => Append(p, 0, 1, 0, null))], Manager);
        var firsts = await store.ReadStreamsAsync(HauteGaronne, [.. ids.Values]);
        await store.AppendBulkAsync(HauteGaronne, [.. people.Select(p => Append(p, 1, 1, 1, firsts[ids[p]]))], Manager);
        foreach (var p in people)
        {
            var stream = ids[p];
            for (var i = 2; i < p.Events.Count; i++)
            {
                var read = await store.ReadStreamAsync(HauteGaronne, stream);
                var e = p.Events[i];
                await store.AppendAsync(HauteGaronne, stream, "pathway", ExpectedVersion.Exactly(i), [e.Event],
                    new EventMetadata(e.RecordedBy, RecordedAtOverride: e.RecordedAt), knownHistory: read);
            }
        }
        var inline = await DumpAsync(db.DataSource);
        inline["case_summaries"].Length.ShouldBeGreaterThanOrEqualTo(people.Count);

        await models.Rebuild.RunAsync();

        var rebuilt = await DumpAsync(db.DataSource);
        foreach (var table in ReadModelTables.InlineNames) rebuilt[table].ShouldBe(inline[table], table);
    }

    [Fact]
    public async Task Appends_during_a_rebuild_and_its_swap_are_all_in_the_swapped_tables()
    {
        var (models, _) = await db.OpenAsync();
        await LoadSmallAsync(models.Store, seed: 23);
        (await models.Daemon.CatchUpOrWaitAsync(HauteGaronne, TimeSpan.FromSeconds(60))).ShouldBeTrue();
        var written = new System.Collections.Concurrent.ConcurrentDictionary<CaseId, long>();

        // Writers all along: a new case, then its orientation (so streams also move after the snapshot read them).
        using var stop = new CancellationTokenSource();
        async Task Writer()
        {
            while (!stop.IsCancellationRequested) await NewOrientedCaseAsync(models.Store, written);
        }

        // Deterministic windows too: appends committed between the end of the read and the swap, and one append left
        // waiting on the swap's lock (its inline projection must then write the new tables).
        Task? blocked = null;
        models.Rebuild.BeforeSwap = () => NewOrientedCaseAsync(models.Store, written);
        models.Rebuild.WhileSwapping = async () =>
        {
            blocked = Task.Run(() => NewOrientedCaseAsync(models.Store, written));
            await WaitForLockWaiterAsync(db.DataSource);
        };

        var writers = new[] { Task.Run(Writer), Task.Run(Writer) };
        var result = await models.Rebuild.RunAsync();
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await blocked!;

        result.StreamsCaughtUp.ShouldBeGreaterThan(0);
        written.Count.ShouldBeGreaterThan(2);
        var versions = await SummaryVersionsAsync(db.DataSource, [.. written.Keys.Select(k => k.Value)]);
        versions.Count.ShouldBe(written.Count, "every case appended during the rebuild has its summary");
        foreach (var (caseId, version) in written) versions[caseId.Value].ShouldBe(version, $"summary of {caseId} at the last appended version");

        // The daemon goes on from the rebuild's position; the result equals a rebuild with no writer, and the engine.
        // (Other tests' open transactions on the cluster may hold the global reader back a moment: wait until it sees everything.)
        for (var i = 0; i < 600 && (await models.Store.GetReaderProgressAsync(GlobalPosition.Start)).EventsHeldBack > 0; i++) await Task.Delay(100);
        (await models.Daemon.CatchUpOrWaitAsync(HauteGaronne, TimeSpan.FromSeconds(60))).ShouldBeTrue();
        var afterConcurrent = await DumpAsync(db.DataSource);
        models.Rebuild.BeforeSwap = models.Rebuild.WhileSwapping = null;
        (await models.Rebuild.RunAsync()).StreamsCaughtUp.ShouldBe(0);
        var quiet = await DumpAsync(db.DataSource);
        foreach (var table in ReadModelTables.AllNames) afterConcurrent[table].ShouldBe(quiet[table], table);
        (await ProjectedAsync(models)).ShouldEqualCells(await BruteForceAsync(models.Store, models.Catalogue.Definitions, new LocalDate(2025, 7, 1)));
    }

    private static async Task NewOrientedCaseAsync(EventStore.EventStore store, System.Collections.Concurrent.ConcurrentDictionary<CaseId, long> written)
    {
        var caseId = CaseId.New();
        var stream = new StreamId(caseId.Value);
        await store.AppendAsync(HauteGaronne, stream, "pathway", ExpectedVersion.NoStream,
            [new RsaEntered(new LocalDate(2025, 5, 20), new LocalDate(2025, 6, 2), true, EntrySource.CafFlux, "T9")], Manager);
        written[caseId] = 1;
        var second = await store.AppendAsync(HauteGaronne, stream, "pathway", ExpectedVersion.Exactly(1),
            [new OrientationDecided(new LocalDate(2025, 6, 20), null, Track.Social, "MDS Colomiers", "ref-31-0042", OrientationChannel.Manager)], Manager);
        written[caseId] = second.StreamVersion;
    }

    /// <summary>Until an append waits for the swap's lock on the case summaries.</summary>
    private static async Task WaitForLockWaiterAsync(NpgsqlDataSource dataSource)
    {
        for (var i = 0; i < 200; i++)
        {
            await using var command = dataSource.CreateCommand(
                $"SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = '{ReadModelSchema.Name}.case_summaries'::regclass");
            if ((long)(await command.ExecuteScalarAsync())! > 0) return;
            await Task.Delay(25);
        }
        throw new TimeoutException("No append waited for the swap's lock.");
    }

    /// <summary>Every read model table as sorted text rows.</summary>
    internal static async Task<Dictionary<string, string[]>> DumpAsync(NpgsqlDataSource dataSource)
    {
        var dump = new Dictionary<string, string[]>();
        foreach (var table in ReadModelTables.AllNames)
        {
            await using var command = dataSource.CreateCommand($"SELECT t::text FROM {ReadModelSchema.Name}.{table} t ORDER BY 1");
            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            dump[table] = [.. rows];
        }
        return dump;
    }

    private static async Task<string[]> IndexNamesAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand($"SELECT indexname FROM pg_indexes WHERE schemaname = '{ReadModelSchema.Name}' ORDER BY 1");
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return [.. names];
    }

    private static async Task<Dictionary<Guid, long>> SummaryVersionsAsync(NpgsqlDataSource dataSource, Guid[] ids)
    {
        await using var command = dataSource.CreateCommand($"SELECT case_id, version FROM {ReadModelSchema.Name}.case_summaries WHERE case_id = ANY($1)");
        command.Parameters.Add(new() { Value = ids });
        var versions = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) versions[reader.GetGuid(0)] = reader.GetInt32(1);
        return versions;
    }

    /// <summary>Progress reported on the calling thread (Progress&lt;T&gt; posts to the pool, too late for the assertions).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

/// <summary>Several tenants rebuilt in one pass (the national benchmark's checkpoints, <c>parcours rebuild --tenant A --tenant B</c>).</summary>
public sealed class MultiTenantRebuildTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    private static readonly TenantId Gers = TenantId.Parse("32");
    private static readonly TenantId Ariege = TenantId.Parse("09");

    [Fact]
    public async Task Tenants_rebuilt_in_one_pass_get_back_their_rows_and_a_tenant_not_named_is_left_as_it_was()
    {
        var (models, _) = await db.OpenAsync();
        long ariegeSummaries;
        await models.Store.RegisterTenantAsync(Gers, "Gers");
        await models.Store.RegisterTenantAsync(Ariege, "Ariège");
        await LoadSmallAsync(models.Store, seed: 29);
        foreach (var (tenant, seed) in new[] { (Gers, 31UL), (Ariege, 37UL) })
        {
            var people = new Simulation.DepartementSimulation(Simulation.Profiles.SimulationProfiles.Small, seed).People().Where(p => p.Events.Count > 0).Take(400);
            await models.Store.AppendBulkAsync(tenant,
            [
                .. people.Select(p => new StreamAppend(StreamId.New(), "pathway", ExpectedVersion.NoStream, [.. p.Events.Select(e => (object)e.Event)])
                {
                    EventMetadata = [.. p.Events.Select(e => new EventMetadata(e.RecordedBy, RecordedAtOverride: e.RecordedAt))],
                }),
            ], new EventMetadata("test-import"));
        }
        foreach (var tenant in new[] { HauteGaronne, Gers, Ariege })
            (await models.Daemon.CatchUpOrWaitAsync(tenant, TimeSpan.FromSeconds(60))).ShouldBeTrue();
        var incremental = await RebuildTests.DumpAsync(db.DataSource);
        await using (var count = db.DataSource.CreateCommand($"SELECT count(*) FROM {ReadModelSchema.Name}.case_summaries WHERE tenant = '09'"))
            ariegeSummaries = (long)(await count.ExecuteScalarAsync())!;

        // Every read model row of 31 and 32 lost; Ariège's summaries too, which it must keep losing.
        await using (var batch = db.DataSource.CreateBatch())
        {
            foreach (var table in ReadModelTables.AllNames)
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"DELETE FROM {ReadModelSchema.Name}.{table} WHERE tenant IN ('31', '32')"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"DELETE FROM {ReadModelSchema.Name}.case_summaries WHERE tenant = '09'"));
            await batch.ExecuteNonQueryAsync();
        }

        var result = await models.Rebuild.RunAsync([HauteGaronne, Gers]);

        result.Tenants.ShouldBe([HauteGaronne, Gers], ignoreOrder: true);
        var rebuilt = await RebuildTests.DumpAsync(db.DataSource);
        foreach (var table in ReadModelTables.AllNames.Where(t => t != "case_summaries")) rebuilt[table].ShouldBe(incremental[table], table);
        rebuilt["case_summaries"].ShouldBeSubsetOf(incremental["case_summaries"]);
        ariegeSummaries.ShouldBeGreaterThan(0);
        rebuilt["case_summaries"].Length.ShouldBe(incremental["case_summaries"].Length - (int)ariegeSummaries);
        await Should.ThrowAsync<UnknownTenantException>(() => models.Rebuild.RunAsync([HauteGaronne, TenantId.Parse("974")]));
    }
}
