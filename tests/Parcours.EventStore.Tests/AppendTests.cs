using Npgsql;
using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

public sealed class AppendTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    [Fact]
    public async Task Append_then_read_returns_the_events_with_versions_and_metadata()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        var causation = Guid.NewGuid();

        var first = await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream,
            [new CaseOpened(new(2025, 1, 6), "T1"), Note("a")], Manager with { CausationId = causation });
        var second = await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(2), Notes("b"), Manager);

        first.StreamVersion.ShouldBe(2);
        second.StreamVersion.ShouldBe(3);
        second.Positions.Single().ShouldBeGreaterThan(first.Positions[1]);
        var events = await store.ReadStreamAsync(HauteGaronne, stream);
        events.Select(e => e.Version).ShouldBe([1L, 2L, 3L]);
        events[0].Data.ShouldBe(new CaseOpened(new(2025, 1, 6), "T1"));
        events[0].TypeName.ShouldBe("case-opened");
        events[0].CausationId.ShouldBe(causation);
        events[2].RecordedBy.ShouldBe("gsb.dupont");
        events.Select(e => e.Position).ShouldBe(first.Positions.Concat(second.Positions));
    }

    [Fact]
    public async Task A_multi_event_append_that_fails_midway_leaves_nothing()
    {
        var stream = StreamId.New();
        var store = db.CreateStore(configure: o => o.InlineProjections.Add(new FailingProjection()));

        await Should.ThrowAsync<InvalidOperationException>(() =>
            store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Any, Notes("a", "b", "c"), Manager));

        (await db.ScalarAsync("SELECT count(*) FROM parcours.events WHERE stream_id = $1", stream.Value)).ShouldBe(0);
        (await db.ScalarAsync("SELECT count(*) FROM parcours.streams WHERE id = $1", stream.Value)).ShouldBe(0);
    }

    [Fact]
    public async Task The_inline_projection_sees_the_stored_events_inside_the_transaction()
    {
        var projection = new CountingProjection();
        var store = db.CreateStore(configure: o => o.InlineProjections.Add(projection));
        var stream = StreamId.New();

        var result = await store.AppendAsync(Aude, stream, StreamType, ExpectedVersion.Any, Notes("a", "b"), Manager);

        projection.Seen.Select(e => (e.Version, e.Position)).ShouldBe([(1L, result.Positions[0]), (2L, result.Positions[1])]);
        projection.SeenInTransaction.ShouldBeTrue();
    }

    [Fact]
    public async Task Append_in_the_callers_transaction_commits_or_rolls_back_with_it()
    {
        var store = db.CreateStore();
        var kept = StreamId.New();
        var dropped = StreamId.New();
        await using var connection = await db.DataSource.OpenConnectionAsync();

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await store.AppendAsync(connection, tx, HauteGaronne, dropped, StreamType, ExpectedVersion.NoStream, Notes("x"), Manager);
            await tx.RollbackAsync();
        }

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await store.AppendAsync(connection, tx, HauteGaronne, kept, StreamType, ExpectedVersion.NoStream, Notes("y"), Manager);
            await tx.CommitAsync();
        }

        (await store.ReadStreamAsync(HauteGaronne, dropped)).ShouldBeEmpty();
        (await store.ReadStreamAsync(HauteGaronne, kept)).Single().Data.ShouldBe(Note("y"));
    }

    [Fact]
    public async Task Expected_version_mismatch_is_a_concurrency_error_naming_both_versions()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a", "b"), Manager);

        var error = await Should.ThrowAsync<ConcurrencyException>(() =>
            store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(1), Notes("c"), Manager));

        error.Actual.ShouldBe(2);
        error.Expected.ShouldBe(ExpectedVersion.Exactly(1));
        (await store.ReadStreamAsync(HauteGaronne, stream)).Count.ShouldBe(2);
    }

    private sealed class FailingProjection : IInlineProjection
    {
        public Task ApplyAsync(NpgsqlConnection c, NpgsqlTransaction t, IReadOnlyList<StoredEvent> events, CancellationToken ct) =>
            throw new InvalidOperationException("projection failed after the events were inserted");
    }

    private sealed class CountingProjection : IInlineProjection
    {
        public List<StoredEvent> Seen { get; } = [];
        public bool SeenInTransaction { get; private set; }

        public async Task ApplyAsync(NpgsqlConnection c, NpgsqlTransaction t, IReadOnlyList<StoredEvent> events, CancellationToken ct)
        {
            Seen.AddRange(events);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM parcours.events WHERE stream_id = $1", c, t)
            {
                Parameters = { new() { Value = events[0].StreamId.Value } },
            };
            SeenInTransaction = (long)(await command.ExecuteScalarAsync(ct))! == events.Count;
        }
    }
}
