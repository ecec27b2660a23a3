using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

public sealed class BulkAppendTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    [Fact]
    public async Task Bulk_append_continues_existing_streams_and_creates_new_ones_with_valid_chains()
    {
        var store = db.CreateStore();
        var existing = StreamId.New();
        var created = StreamId.New();
        await store.AppendAsync(Aude, existing, StreamType, ExpectedVersion.NoStream, Notes("1", "2"), Manager);

        var result = await store.AppendBulkAsync(Aude,
        [
            new StreamAppend(existing, StreamType, ExpectedVersion.Exactly(2), Notes("3", "4")),
            new StreamAppend(created, StreamType, ExpectedVersion.NoStream, Notes("1", "2", "3")),
        ], Manager);

        result.EventCount.ShouldBe(5);
        result.StreamVersions[existing].ShouldBe(4);
        result.StreamVersions[created].ShouldBe(3);
        (await store.ReadStreamAsync(Aude, existing)).Select(e => ((StepNoted)e.Data).Note).ShouldBe(["1", "2", "3", "4"]);
        (await store.VerifyAsync(Aude, existing)).IsIntact.ShouldBeTrue();
        (await store.VerifyAsync(Aude, created)).IsIntact.ShouldBeTrue();
        await store.AppendAsync(Aude, created, StreamType, ExpectedVersion.Exactly(3), Notes("4"), Manager);
        (await store.VerifyAsync(Aude, created)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_wrong_expected_version_in_one_stream_writes_nothing_at_all()
    {
        var store = db.CreateStore();
        var existing = StreamId.New();
        var fresh = StreamId.New();
        await store.AppendAsync(Aude, existing, StreamType, ExpectedVersion.NoStream, Notes("1"), Manager);

        var error = await Should.ThrowAsync<ConcurrencyException>(() => store.AppendBulkAsync(Aude,
        [
            new StreamAppend(fresh, StreamType, ExpectedVersion.NoStream, Notes("1")),
            new StreamAppend(existing, StreamType, ExpectedVersion.NoStream, Notes("2")),
        ], Manager));

        error.StreamId.ShouldBe(existing);
        (await store.ReadStreamAsync(Aude, fresh)).ShouldBeEmpty();
        (await store.ReadStreamAsync(Aude, existing)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Per_event_metadata_keeps_each_imported_step_with_its_own_actor_and_recording_instant()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        var first = NodaTime.Instant.FromUtc(2024, 2, 1, 8, 0);
        var second = NodaTime.Instant.FromUtc(2024, 3, 5, 14, 30);

        await store.AppendBulkAsync(Aude,
        [
            new StreamAppend(stream, StreamType, ExpectedVersion.NoStream, Notes("1", "2", "3"))
            {
                EventMetadata = [new("caf-flux", RecordedAtOverride: first), new("gsb-11-004", RecordedAtOverride: second), Manager],
            },
        ], new EventMetadata("import"));

        var stored = await store.ReadStreamAsync(Aude, stream);
        stored.Select(e => e.RecordedBy).ShouldBe(["caf-flux", "gsb-11-004", "gsb.dupont"]);
        stored[0].RecordedAt.ShouldBe(first);
        stored[1].RecordedAt.ShouldBe(second);
        stored[0].IsImported.ShouldBeTrue();
        stored[2].IsImported.ShouldBeFalse();
        (await store.ReadStreamAsync(Aude, stream, recordedAtOrBefore: first)).Count.ShouldBe(1);
        (await store.VerifyAsync(Aude, stream)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task Per_event_metadata_must_match_the_events_one_for_one()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();

        await Should.ThrowAsync<ArgumentException>(() => store.AppendBulkAsync(Aude,
        [
            new StreamAppend(stream, StreamType, ExpectedVersion.NoStream, Notes("1", "2")) { EventMetadata = [Manager] },
        ], Manager));

        (await store.ReadStreamAsync(Aude, stream)).ShouldBeEmpty();
    }
}
