using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

/// <summary>
/// Positions order by transaction id as a number, also where the id gains a digit (…, 9, 10, …; on a server, 9,999,999
/// then 10,000,000). The readers fetch the id as text: a query that sorted by that text put "10" before "9", so a reader
/// paging from a checkpoint skipped events for good. Transaction ids cannot be chosen, so the test renumbers stored
/// events to ids that straddle a power of ten (below any running transaction, so all readable at once).
/// Its own class database: no other test's events are in it.
/// </summary>
public sealed class PositionOrderTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    [Fact]
    public async Task The_global_reader_pages_across_a_transaction_id_that_gains_a_digit_without_skipping_or_reordering()
    {
        var store = db.CreateStore();
        var streams = new List<StreamId>();
        foreach (var xact in new[] { 8, 9, 10, 11 })
        {
            var stream = StreamId.New();
            var appended = await store.AppendAsync(TarnEtGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes($"xact {xact}"), Manager);
            await db.ExecuteAsync("UPDATE parcours.events SET xact_id = $1::text::xid8 WHERE stream_id = $2", xact.ToString(), stream.Value);
            streams.Add(stream);
            appended.Positions.Count.ShouldBe(1);
        }

        var read = new List<StoredEvent>();
        var position = GlobalPosition.Start;
        for (EventBatch batch; (batch = await store.ReadAllAsync(position, 1, TarnEtGaronne)).Events.Count > 0; position = batch.Next)
            read.AddRange(batch.Events);

        read.Select(e => e.Position.TransactionId).ShouldBe([8UL, 9UL, 10UL, 11UL]);
        read.Select(e => e.StreamId).ShouldBe(streams);
        (await store.GetReaderProgressAsync(GlobalPosition.Start)).HighWater.TransactionId.ShouldBe(11UL);
    }
}
