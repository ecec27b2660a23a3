using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

/// <summary>Each bad input fails with an error naming the problem, and writes nothing.</summary>
public sealed class BadInputTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    private Task<long> CountEventsAsync(StreamId stream) =>
        db.ScalarAsync("SELECT count(*) FROM parcours.events WHERE stream_id = $1", stream.Value);

    [Fact]
    public async Task An_unregistered_tenant_cannot_write_or_read()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        var gers = TenantId.Parse("32");

        var write = await Should.ThrowAsync<UnknownTenantException>(() =>
            store.AppendAsync(gers, stream, StreamType, ExpectedVersion.NoStream, Notes("a"), Manager));
        await Should.ThrowAsync<UnknownTenantException>(() => store.ReadStreamAsync(gers, stream));
        await Should.ThrowAsync<UnknownTenantException>(() => store.ReadAllAsync(GlobalPosition.Start, 10, gers));

        write.Message.ShouldContain("32");
        (await CountEventsAsync(stream)).ShouldBe(0);
    }

    [Fact]
    public void A_negative_expected_version_is_refused()
    {
        var error = Should.Throw<ArgumentOutOfRangeException>(() => ExpectedVersion.Exactly(-1));
        error.Message.ShouldContain("cannot be negative");
    }

    [Fact]
    public async Task An_unregistered_event_type_is_refused_before_anything_is_written()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();

        var error = await Should.ThrowAsync<UnknownEventTypeException>(() =>
            store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, [Note("ok"), new NotRegistered("x")], Manager));

        error.ClrType.ShouldBe(typeof(NotRegistered));
        (await CountEventsAsync(stream)).ShouldBe(0);
    }

    [Fact]
    public async Task Stored_json_that_does_not_match_its_type_is_a_typed_read_error()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a", "b"), Manager);
        await db.ExecuteAsync("""UPDATE parcours.events SET data = '{"on":"31/01/2025","note":"b"}' WHERE stream_id = $1 AND version = 2""", stream.Value);

        var error = await Should.ThrowAsync<EventDeserializationException>(() => store.ReadStreamAsync(HauteGaronne, stream));

        (error.Version, error.TypeName).ShouldBe((2L, "step-noted"));
        error.Message.ShouldContain("31/01/2025");
    }

    [Fact]
    public async Task A_stored_type_name_nobody_registered_is_a_typed_read_error()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a"), Manager);
        await db.ExecuteAsync("UPDATE parcours.events SET type = 'vanished-type' WHERE stream_id = $1", stream.Value);

        var error = await Should.ThrowAsync<UnknownEventTypeException>(() => store.ReadStreamAsync(HauteGaronne, stream));

        error.StoredName.ShouldBe("vanished-type");
    }

    [Fact]
    public async Task An_empty_append_and_a_blank_actor_are_refused()
    {
        var store = db.CreateStore();

        await Should.ThrowAsync<ArgumentException>(() =>
            store.AppendAsync(HauteGaronne, StreamId.New(), StreamType, ExpectedVersion.Any, [], Manager));
        Should.Throw<ArgumentException>(() => new EventMetadata(" "));
    }
}
