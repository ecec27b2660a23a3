using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

/// <summary>
/// The global reader waits for every transaction older than the ones it returns. Other test classes run transactions
/// on the same server at the same time and may briefly hold it back, so "eventually readable" is awaited with a
/// deadline; "not readable yet" is asserted at once.
/// </summary>
public sealed class GlobalReaderTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    private static async Task<List<StoredEvent>> ReadAllUntilAsync(EventStore store, GlobalPosition from, int expected, TenantId? tenant = null)
    {
        // Other test assemblies share the server: a long transaction there holds the reader back until it ends.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var events = new List<StoredEvent>();
            var position = from;
            for (EventBatch batch; (batch = await store.ReadAllAsync(position, 2, tenant)).Events.Count > 0; position = batch.Next)
                events.AddRange(batch.Events);
            if (events.Count >= expected || DateTime.UtcNow > deadline) return events;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_slow_committing_transaction_is_not_skipped_by_a_later_sequence_number()
    {
        var store = db.CreateStore();
        var slow = StreamId.New();
        var fast = StreamId.New();
        var from = (await store.GetReaderProgressAsync(GlobalPosition.Start)).HighWater;
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var txA = await connection.BeginTransactionAsync();

        var a = await store.AppendAsync(connection, txA, Aude, slow, StreamType, ExpectedVersion.NoStream, Notes("A, committed last"), Manager);
        var b = await store.AppendAsync(Aude, fast, StreamType, ExpectedVersion.NoStream, Notes("B, committed first"), Manager);

        b.Positions[0].Sequence.ShouldBeGreaterThan(a.Positions[0].Sequence);
        var whileAIsOpen = await store.ReadAllAsync(from, 100, Aude);
        whileAIsOpen.Events.ShouldBeEmpty();
        // It may pass what is below A's transaction, never A's event (nor B's, after it).
        whileAIsOpen.Next.ShouldBeGreaterThanOrEqualTo(from);
        whileAIsOpen.Next.ShouldBeLessThan(a.Positions[0]);
        (await store.GetReaderProgressAsync(from)).EventsHeldBack.ShouldBeGreaterThanOrEqualTo(1);
        (await store.HasEventsHeldBackAsync(Aude)).ShouldBeTrue();
        (await store.HasEventsHeldBackAsync()).ShouldBeTrue();

        await txA.CommitAsync();
        var afterCommit = await ReadAllUntilAsync(store, whileAIsOpen.Next, 2, Aude);

        afterCommit.Select(e => e.StreamId).ShouldBe([slow, fast]);
    }

    [Fact]
    public async Task Paging_returns_every_event_once_in_order_and_filters_by_tenant()
    {
        var store = db.CreateStore();
        var from = (await store.GetReaderProgressAsync(GlobalPosition.Start)).HighWater;
        var streams = Enumerable.Range(0, 3).Select(_ => StreamId.New()).ToList();
        foreach (var stream in streams)
            await store.AppendAsync(TarnEtGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("1", "2"), Manager);
        await store.AppendAsync(HauteGaronne, StreamId.New(), StreamType, ExpectedVersion.NoStream, Notes("other tenant"), Manager);

        var read = await ReadAllUntilAsync(store, from, 6, TarnEtGaronne);

        read.Select(e => (e.StreamId, e.Version)).ShouldBe(streams.SelectMany(s => new[] { (s, 1L), (s, 2L) }));
        read.Select(e => e.Position).ShouldBeInOrder();
        read.ShouldAllBe(e => e.Tenant == TarnEtGaronne);
    }

    [Fact]
    public async Task Progress_reports_the_high_water_and_how_far_behind_a_checkpoint_is()
    {
        var store = db.CreateStore();
        var before = (await store.GetReaderProgressAsync(GlobalPosition.Start)).HighWater;
        var result = await store.AppendAsync(HauteGaronne, StreamId.New(), StreamType, ExpectedVersion.NoStream, Notes("x", "y", "z"), Manager);
        await ReadAllUntilAsync(store, before, 3, HauteGaronne);

        var progress = await store.GetReaderProgressAsync(before);

        progress.HighWater.ShouldBeGreaterThanOrEqualTo(result.Positions[^1]);
        progress.EventsBehind.ShouldBeGreaterThanOrEqualTo(3);
        (await store.GetReaderProgressAsync(progress.HighWater)).EventsBehind.ShouldBe(0);
    }

    /// <summary>
    /// A département's projection reads only its events; the other départements' events after its last one must neither
    /// make it late for ever nor be scanned again at each read (one database holds a hundred of them).
    /// </summary>
    [Fact]
    public async Task A_tenants_reader_passes_the_other_tenants_events_and_is_not_late_because_of_them()
    {
        var store = db.CreateStore();
        var lot = TenantId.Parse("46");
        await store.RegisterTenantAsync(lot, "Lot");
        var from = (await store.GetReaderProgressAsync(GlobalPosition.Start)).HighWater;
        var mine = await store.AppendAsync(lot, StreamId.New(), StreamType, ExpectedVersion.NoStream, Notes("lot"), Manager);
        var others = await store.AppendAsync(HauteGaronne, StreamId.New(), StreamType, ExpectedVersion.NoStream, Notes("a", "b", "c"), Manager);
        for (var i = 0; i < 600 && await store.HasEventsHeldBackAsync(); i++) await Task.Delay(50); // other test classes' open transactions

        var batch = await store.ReadAllAsync(from, 100, lot);

        batch.Events.Select(e => e.Position).ShouldBe(mine.Positions);
        batch.Next.ShouldBeGreaterThan(others.Positions[^1]);
        (await store.ReadAllAsync(batch.Next, 100, lot)).Events.ShouldBeEmpty();
        (await store.GetReaderProgressAsync(mine.Positions[^1], tenant: lot)).EventsBehind.ShouldBe(0);
        (await store.GetReaderProgressAsync(mine.Positions[^1])).EventsBehind.ShouldBeGreaterThanOrEqualTo(3); // all tenants
    }
}
