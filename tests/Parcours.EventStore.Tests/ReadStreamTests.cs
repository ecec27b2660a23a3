using NodaTime;
using NodaTime.Testing;
using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

public sealed class ReadStreamTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    private static readonly Instant March1 = Instant.FromUtc(2025, 3, 1, 10, 0);

    [Fact]
    public async Task Reading_to_a_version_stops_there()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a", "b", "c"), Manager);

        var events = await store.ReadStreamAsync(HauteGaronne, stream, toVersion: 2);

        events.Select(e => ((StepNoted)e.Data).Note).ShouldBe(["a", "b"]);
    }

    /// <summary>Events are decoded from the column's UTF-8 bytes in a pooled buffer: accents, other scripts, emoji and long
    /// texts come back exactly, and a short event read after a long one does not see the long one's leftover bytes.</summary>
    [Fact]
    public async Task Text_comes_back_exactly_whatever_its_characters_and_length()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        string[] notes = ["Élodie à Saint-Gaudens, CER signé « sans délai »", new string('é', 40_000) + "fin", "ok", "Ωμέγα 中文 🙂 \"quoted\" \\ \u0001", ""];
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes(notes), Manager);

        var one = await store.ReadStreamAsync(HauteGaronne, stream);
        var several = await store.ReadStreamsAsync(HauteGaronne, [stream]);

        one.Select(e => ((StepNoted)e.Data).Note).ShouldBe(notes);
        several[stream].Select(e => ((StepNoted)e.Data).Note).ShouldBe(notes);
    }

    [Fact]
    public async Task Reading_as_recorded_at_an_instant_shows_what_was_known_then()
    {
        var clock = new FakeClock(March1);
        var store = db.CreateStore(clock);
        var stream = StreamId.New();
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("march 1"), Manager);
        clock.Advance(Duration.FromDays(10));
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(1), Notes("march 11"), Manager);

        var onMarch5 = await store.ReadStreamAsync(HauteGaronne, stream, recordedAtOrBefore: Instant.FromUtc(2025, 3, 5, 0, 0));
        var onMarch11 = await store.ReadStreamAsync(HauteGaronne, stream, recordedAtOrBefore: March1 + Duration.FromDays(10));

        onMarch5.Select(e => ((StepNoted)e.Data).Note).ShouldBe(["march 1"]);
        onMarch11.Count.ShouldBe(2);
        onMarch11[1].RecordedAt.ShouldBe(March1 + Duration.FromDays(10));
    }

    [Fact]
    public async Task Reading_several_streams_recorded_before_an_instant_keeps_exactly_the_earlier_events_even_within_a_microsecond()
    {
        var clock = new FakeClock(March1);
        var store = db.CreateStore(clock);
        var (first, second) = (StreamId.New(), StreamId.New());
        await store.AppendAsync(HauteGaronne, first, StreamType, ExpectedVersion.NoStream, Notes("10:00"), Manager);
        clock.Advance(Duration.FromTicks(10)); // one microsecond later
        await store.AppendAsync(HauteGaronne, first, StreamType, ExpectedVersion.Exactly(1), Notes("10:00 + 1 µs"), Manager);
        clock.Advance(Duration.FromHours(1));
        await store.AppendAsync(HauteGaronne, second, StreamType, ExpectedVersion.NoStream, Notes("11:00"), Manager);

        async Task<string[]> Before(Instant t) =>
            [.. (await store.ReadStreamsAsync(HauteGaronne, [first, second], recordedBefore: t)).Values.SelectMany(e => e).Select(e => ((StepNoted)e.Data).Note)];

        (await Before(March1)).ShouldBeEmpty(); // strictly before
        (await Before(March1 + Duration.FromTicks(1))).ShouldBe(["10:00"]); // 100 ns after: the database rounds, the store must not
        (await Before(March1 + Duration.FromTicks(10))).ShouldBe(["10:00"]);
        (await Before(March1 + Duration.FromTicks(11))).ShouldBe(["10:00", "10:00 + 1 µs"]);
        (await Before(March1 + Duration.FromHours(2))).Length.ShouldBe(3);
    }

    [Fact]
    public async Task Imported_history_keeps_its_original_recorded_at_and_the_real_append_instant()
    {
        var clock = new FakeClock(March1);
        var store = db.CreateStore(clock);
        var stream = StreamId.New();
        var inOldSoftware = Instant.FromUtc(2019, 6, 3, 14, 0);

        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("old"),
            new EventMetadata("import.iodas", RecordedAtOverride: inOldSoftware));

        var imported = (await store.ReadStreamAsync(HauteGaronne, stream)).Single();
        imported.RecordedAt.ShouldBe(inOldSoftware);
        imported.AppendedAt.ShouldBe(March1);
        imported.IsImported.ShouldBeTrue();
        (await store.ReadStreamAsync(HauteGaronne, stream, recordedAtOrBefore: Instant.FromUtc(2019, 1, 1, 0, 0))).ShouldBeEmpty();
        (await store.VerifyAsync(HauteGaronne, stream)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task Recorded_at_is_stored_to_the_microsecond_and_still_verifies()
    {
        var clock = new FakeClock(March1 + Duration.FromNanoseconds(123_456_789));
        var store = db.CreateStore(clock);
        var stream = StreamId.New();

        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a"), Manager);

        (await store.ReadStreamAsync(HauteGaronne, stream)).Single().RecordedAt.ShouldBe(March1 + Duration.FromNanoseconds(123_456_000));
        (await store.VerifyAsync(HauteGaronne, stream)).IsIntact.ShouldBeTrue();
    }
}
