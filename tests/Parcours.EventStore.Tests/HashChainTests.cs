using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

/// <summary>Each test uses its own tenant-wide view, so the streams of the other tests are checked too and must stay intact.</summary>
public sealed class HashChainTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    private async Task<(EventStore Store, StreamId Stream)> StreamOfFourAsync()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        await store.AppendAsync(TarnEtGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a", "b"), Manager);
        await store.AppendAsync(TarnEtGaronne, stream, StreamType, ExpectedVersion.Exactly(2), Notes("c", "d"), Manager with { CorrelationId = Guid.NewGuid() });
        return (store, stream);
    }

    [Fact]
    public async Task An_untouched_stream_verifies()
    {
        var (store, stream) = await StreamOfFourAsync();

        var report = await store.VerifyAsync(TarnEtGaronne, stream);

        report.IsIntact.ShouldBeTrue();
        report.EventsChecked.ShouldBe(4);
    }

    [Fact]
    public async Task The_database_chains_every_field_exactly_as_verification_recomputes_it()
    {
        // append_events chains hashes in SQL; VerifyAsync recomputes them in C#: any byte of difference breaks here.
        var store = db.CreateStore();
        var stream = StreamId.New();
        var imported = new EventMetadata("agent.éèà", Guid.NewGuid(), Guid.NewGuid(), NodaTime.Instant.FromUtc(2024, 3, 31, 22, 15, 7).PlusTicks(1234567));
        await store.AppendAsync(TarnEtGaronne, stream, StreamType, ExpectedVersion.Any, Notes("Orientée vers le référent « Pôle »", "ß✓"), imported);
        await store.AppendAsync(TarnEtGaronne, stream, StreamType, ExpectedVersion.Any, Notes("3"), Manager);
        // One event at an expected version takes the plain path (one INSERT chained from event 2): it must chain the same way.
        await store.AppendAsync(TarnEtGaronne, stream, StreamType, ExpectedVersion.Exactly(3), Notes("4 « é »"), imported);

        (await store.VerifyAsync(TarnEtGaronne, stream)).IsIntact.ShouldBeTrue();

        await db.ExecuteAsync("UPDATE parcours.events SET appended_at = appended_at + interval '1 second' WHERE stream_id = $1 AND version = 2", stream.Value);
        var broken = (await store.VerifyAsync(TarnEtGaronne, stream)).BrokenStreams.ShouldHaveSingleItem();
        (broken.FirstBadVersion, broken.Kind).ShouldBe((2L, BreakKind.Altered));
    }

    [Fact]
    public async Task Data_changed_by_hand_is_reported_as_altered_at_that_version()
    {
        var (store, stream) = await StreamOfFourAsync();

        await db.ExecuteAsync("""UPDATE parcours.events SET data = '{"on":"2025-01-01","note":"forged"}' WHERE stream_id = $1 AND version = 3""", stream.Value);

        var broken = (await store.VerifyAsync(TarnEtGaronne, stream)).BrokenStreams.ShouldHaveSingleItem();
        broken.FirstBadVersion.ShouldBe(3);
        broken.Kind.ShouldBe(BreakKind.Altered);
    }

    [Fact]
    public async Task A_changed_actor_is_reported_as_altered()
    {
        var (store, stream) = await StreamOfFourAsync();

        await db.ExecuteAsync("UPDATE parcours.events SET recorded_by = 'someone.else' WHERE stream_id = $1 AND version = 1", stream.Value);

        var broken = (await store.VerifyAsync(TarnEtGaronne, stream)).BrokenStreams.ShouldHaveSingleItem();
        (broken.FirstBadVersion, broken.Kind).ShouldBe((1L, BreakKind.Altered));
    }

    [Fact]
    public async Task A_deleted_middle_event_is_reported_as_removed()
    {
        var (store, stream) = await StreamOfFourAsync();

        await db.ExecuteAsync("DELETE FROM parcours.events WHERE stream_id = $1 AND version = 2", stream.Value);

        var broken = (await store.VerifyAsync(TarnEtGaronne, stream)).BrokenStreams.ShouldHaveSingleItem();
        (broken.FirstBadVersion, broken.Kind).ShouldBe((2L, BreakKind.Removed));
    }

    [Fact]
    public async Task A_deleted_last_event_is_reported_as_removed_once_anchored()
    {
        var (store, stream) = await StreamOfFourAsync();
        await store.AnchorEverythingAsync();

        await db.ExecuteAsync("DELETE FROM parcours.events WHERE stream_id = $1 AND version = 4", stream.Value);

        var broken = (await store.VerifyAsync(TarnEtGaronne, stream)).BrokenStreams.ShouldHaveSingleItem();
        (broken.FirstBadVersion, broken.Kind).ShouldBe((4L, BreakKind.Removed));
    }

    [Fact]
    public async Task The_events_of_a_new_stream_are_anchored_at_once()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        await store.AppendAsync(TarnEtGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a", "b", "c"), Manager);

        await db.ExecuteAsync("DELETE FROM parcours.events WHERE stream_id = $1 AND version = 3", stream.Value);

        var broken = (await store.VerifyAsync(TarnEtGaronne, stream)).BrokenStreams.ShouldHaveSingleItem();
        (broken.FirstBadVersion, broken.Kind).ShouldBe((3L, BreakKind.Removed));
    }

    [Fact]
    public async Task A_rewritten_chain_that_no_longer_ends_at_the_anchored_hash_is_reported_as_altered()
    {
        // Events rewritten with recomputed hashes keep a self-consistent chain; the anchor still holds the original hash.
        // Simulated from the other side: the chain stays, the anchored hash differs.
        var (store, stream) = await StreamOfFourAsync();
        await store.AnchorEverythingAsync();

        await db.ExecuteAsync("UPDATE parcours.streams SET anchored_hash = sha256('forged') WHERE id = $1", stream.Value);
        var broken = (await store.VerifyAsync(TarnEtGaronne, stream)).BrokenStreams.ShouldHaveSingleItem();
        (broken.FirstBadVersion, broken.Kind).ShouldBe((4L, BreakKind.Altered));
    }

    [Fact]
    public async Task Verifying_a_tenant_reports_only_the_broken_streams()
    {
        var store = db.CreateStore();
        var intact = StreamId.New();
        var tampered = StreamId.New();
        await store.AppendAsync(Aude, intact, StreamType, ExpectedVersion.NoStream, Notes("a"), Manager);
        await store.AppendAsync(Aude, tampered, StreamType, ExpectedVersion.NoStream, Notes("a", "b"), Manager);
        await db.ExecuteAsync("UPDATE parcours.events SET recorded_at = recorded_at - interval '1 day' WHERE stream_id = $1 AND version = 2", tampered.Value);

        var report = await store.VerifyAsync(Aude);

        report.BrokenStreams.Select(b => b.StreamId).ShouldContain(tampered);
        report.BrokenStreams.Select(b => b.StreamId).ShouldNotContain(intact);
    }
}
