using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

/// <summary>Stream anchors: what a plain append writes, and how the anchoring job follows the log.</summary>
public sealed class AnchorTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    private async Task<(long Version, string Hash)> AnchorAsync(StreamId stream) =>
        (await db.ScalarAsync("SELECT anchored_version FROM parcours.streams WHERE id = $1", stream.Value),
         await TextAsync("SELECT encode(anchored_hash, 'hex') FROM parcours.streams WHERE id = $1", stream.Value));

    private async Task<string> HashAsync(StreamId stream, int version) =>
        await TextAsync("SELECT encode(hash, 'hex') FROM parcours.events WHERE stream_id = $1 AND version = $2", stream.Value, version);

    private async Task<string> TextAsync(string sql, params object[] parameters)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = p });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_plain_append_writes_its_event_only_and_the_anchoring_job_then_moves_the_anchor_to_it()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        await store.AppendAsync(TarnEtGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a", "b"), Manager);
        (await AnchorAsync(stream)).ShouldBe((2L, await HashAsync(stream, 2)));
        var streamRow = await TextAsync("SELECT ctid::text FROM parcours.streams WHERE id = $1", stream.Value);

        await store.AppendAsync(TarnEtGaronne, stream, StreamType, ExpectedVersion.Exactly(2), Notes("c"), Manager);

        // The row was not rewritten (same physical tuple), and the true head is the view's.
        (await TextAsync("SELECT ctid::text FROM parcours.streams WHERE id = $1", stream.Value)).ShouldBe(streamRow);
        (await AnchorAsync(stream)).Version.ShouldBe(2);
        (await db.ScalarAsync("SELECT version FROM parcours.stream_heads WHERE id = $1", stream.Value)).ShouldBe(3);

        await store.AnchorEverythingAsync();

        (await AnchorAsync(stream)).ShouldBe((3L, await HashAsync(stream, 3)));
        (await store.AnchorStreamHeadsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_anchoring_job_does_not_pass_over_an_append_that_commits_after_later_ones()
    {
        var store = db.CreateStore();
        var slow = StreamId.New();
        var fast = StreamId.New();
        await store.AppendAsync(Aude, slow, StreamType, ExpectedVersion.NoStream, Notes("s1"), Manager);
        await store.AppendAsync(Aude, fast, StreamType, ExpectedVersion.NoStream, Notes("f1"), Manager);
        await store.AnchorEverythingAsync();

        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await store.AppendAsync(connection, transaction, Aude, slow, StreamType, ExpectedVersion.Exactly(1), Notes("s2"), Manager);
        await store.AppendAsync(Aude, fast, StreamType, ExpectedVersion.Exactly(1), Notes("f2"), Manager);

        await store.AnchorAvailableAsync();
        (await AnchorAsync(slow)).Version.ShouldBe(1);
        (await AnchorAsync(fast)).Version.ShouldBe(1); // held back with everything after the open transaction

        await transaction.CommitAsync();
        await store.AnchorEverythingAsync();

        (await AnchorAsync(slow)).ShouldBe((2L, await HashAsync(slow, 2)));
        (await AnchorAsync(fast)).ShouldBe((2L, await HashAsync(fast, 2)));
    }

    [Fact]
    public async Task A_bulk_append_moves_the_anchors_of_the_streams_it_extends()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a"), Manager);
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(1), Notes("b"), Manager);

        await store.AppendBulkAsync(HauteGaronne, [new StreamAppend(stream, StreamType, ExpectedVersion.Exactly(2), Notes("c", "d"))], Manager);

        (await AnchorAsync(stream)).ShouldBe((4L, await HashAsync(stream, 4)));
        (await store.VerifyAsync(HauteGaronne, stream)).IsIntact.ShouldBeTrue();
    }
}
