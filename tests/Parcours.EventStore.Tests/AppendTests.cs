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
    public async Task A_known_history_reaches_the_inline_projection_only_when_it_is_exactly_what_preceded_the_append()
    {
        var projection = new CountingProjection();
        var store = db.CreateStore(configure: o => o.InlineProjections.Add(projection));
        var stream = StreamId.New();
        var other = StreamId.New();
        await store.AppendAsync(Aude, stream, StreamType, ExpectedVersion.NoStream, Notes("a", "b"), Manager);
        await store.AppendAsync(Aude, other, StreamType, ExpectedVersion.NoStream, Notes("x", "y", "z"), Manager);
        var read = await store.ReadStreamAsync(Aude, stream);

        await store.AppendAsync(Aude, stream, StreamType, ExpectedVersion.Exactly(2), Notes("c"), Manager, knownHistory: read);
        projection.Known[^1].TryGetPrior(stream, out var prior).ShouldBeTrue();
        prior.Select(e => e.Data).ShouldBe([Note("a"), Note("b")]);

        // Stale (the stream moved on to 3 since), another stream's, or with a gap: not trusted.
        await store.AppendAsync(Aude, stream, StreamType, ExpectedVersion.Exactly(3), Notes("d"), Manager, knownHistory: read);
        projection.Known[^1].TryGetPrior(stream, out _).ShouldBeFalse();
        var others = await store.ReadStreamAsync(Aude, other);
        await store.AppendAsync(Aude, stream, StreamType, ExpectedVersion.Exactly(4), Notes("e"), Manager,
            knownHistory: [.. others, others[0] with { Version = 4 }]);
        projection.Known[^1].Count.ShouldBe(0);
        var current = await store.ReadStreamAsync(Aude, stream);
        await store.AppendAsync(Aude, stream, StreamType, ExpectedVersion.Exactly(5), Notes("f"), Manager,
            knownHistory: [.. current.Take(2), .. current.Skip(3)]);
        projection.Known[^1].Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_bulk_append_hands_the_inline_projection_its_events_with_their_stored_positions_and_the_known_histories()
    {
        var projection = new CountingProjection();
        var store = db.CreateStore(configure: o => o.InlineProjections.Add(projection));
        var existing = StreamId.New();
        var created = StreamId.New();
        var unknown = StreamId.New();
        await store.AppendAsync(Aude, existing, StreamType, ExpectedVersion.NoStream, Notes("a", "b"), Manager);
        await store.AppendAsync(Aude, unknown, StreamType, ExpectedVersion.NoStream, Notes("u"), Manager);
        var history = await store.ReadStreamAsync(Aude, existing);
        projection.Seen.Clear();

        await store.AppendBulkAsync(Aude,
        [
            new StreamAppend(existing, StreamType, ExpectedVersion.Exactly(2), Notes("c", "d")) { KnownHistory = history },
            new StreamAppend(created, StreamType, ExpectedVersion.NoStream, Notes("n")),
            new StreamAppend(unknown, StreamType, ExpectedVersion.Exactly(1), Notes("v")),
        ], Manager);

        // What the projection saw is what a reader finds: positions, versions, data, metadata.
        var stored = (await store.ReadStreamAsync(Aude, existing)).Skip(2)
            .Concat(await store.ReadStreamAsync(Aude, created)).Concat((await store.ReadStreamAsync(Aude, unknown)).Skip(1)).ToList();
        projection.Seen.ShouldBe(stored);
        var known = projection.Known[^1];
        known.TryGetPrior(existing, out var prior).ShouldBeTrue();
        prior.ShouldBe(history);
        known.TryGetPrior(created, out var none).ShouldBeTrue();
        none.ShouldBeEmpty();
        known.TryGetPrior(unknown, out _).ShouldBeFalse();
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
        public Task ApplyAsync(NpgsqlConnection c, NpgsqlTransaction t, IReadOnlyList<StoredEvent> events, KnownHistories known, CancellationToken ct) =>
            throw new InvalidOperationException("projection failed after the events were inserted");
    }

    private sealed class CountingProjection : IInlineProjection
    {
        public List<StoredEvent> Seen { get; } = [];
        public bool SeenInTransaction { get; private set; }

        public List<KnownHistories> Known { get; } = [];

        public async Task ApplyAsync(NpgsqlConnection c, NpgsqlTransaction t, IReadOnlyList<StoredEvent> events, KnownHistories known, CancellationToken ct)
        {
            Seen.AddRange(events);
            Known.Add(known);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM parcours.events WHERE stream_id = $1", c, t)
            {
                Parameters = { new() { Value = events[0].StreamId.Value } },
            };
            SeenInTransaction = (long)(await command.ExecuteScalarAsync(ct))! == events.Count;
        }
    }
}
