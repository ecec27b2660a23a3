using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

public sealed class TenantIsolationTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    [Fact]
    public async Task Another_tenant_reads_nothing_of_a_stream_and_cannot_write_into_it()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("secret"), Manager);

        (await store.ReadStreamAsync(Aude, stream)).ShouldBeEmpty();
        await Should.ThrowAsync<StreamTenantMismatchException>(() =>
            store.AppendAsync(Aude, stream, StreamType, ExpectedVersion.Any, Notes("intrusion"), Manager));
        (await store.ReadStreamAsync(HauteGaronne, stream)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_global_reader_and_verification_of_a_tenant_see_only_its_streams()
    {
        var store = db.CreateStore();
        var mine = StreamId.New();
        var theirs = StreamId.New();
        await store.AppendAsync(TarnEtGaronne, mine, StreamType, ExpectedVersion.NoStream, Notes("82"), Manager);
        await store.AppendAsync(Aude, theirs, StreamType, ExpectedVersion.NoStream, Notes("11"), Manager);
        await db.ExecuteAsync("DELETE FROM parcours.events WHERE stream_id = $1", theirs.Value);

        var deadline = DateTime.UtcNow.AddSeconds(90);
        EventBatch batch;
        while ((batch = await store.ReadAllAsync(GlobalPosition.Start, 1000, TarnEtGaronne)).Events.Count == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        batch.Events.Select(e => e.StreamId).ShouldBe([mine]);
        (await store.VerifyAsync(TarnEtGaronne)).IsIntact.ShouldBeTrue();
        (await store.VerifyAsync(Aude)).IsIntact.ShouldBeFalse();
    }

    [Fact]
    public async Task Verifying_another_tenants_stream_by_id_checks_nothing()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a"), Manager);

        var report = await store.VerifyAsync(Aude, stream);

        report.StreamsChecked.ShouldBe(0);
    }
}
