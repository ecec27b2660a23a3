using System.Collections.Concurrent;
using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

public sealed class ConcurrencyTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    [Fact]
    public async Task Eight_writers_on_one_stream_each_acknowledged_append_is_stored_once_with_contiguous_versions()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        var acknowledged = new ConcurrentBag<(string Note, long Version)>();
        var conflicts = new ConcurrentBag<ConcurrencyException>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Writer(int writer)
        {
            await start.Task;
            for (var attempt = 0; attempt < 12; attempt++)
            {
                var current = attempt == 0 ? 0 : (await store.ReadStreamAsync(HauteGaronne, stream)).Count;
                var note = $"w{writer}-a{attempt}";
                try
                {
                    var result = await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(current), Notes(note), Manager);
                    acknowledged.Add((note, result.StreamVersion));
                }
                catch (ConcurrencyException e)
                {
                    conflicts.Add(e);
                }
            }
        }

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() => Writer(w))).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        var stored = await store.ReadStreamAsync(HauteGaronne, stream);
        stored.Select(e => e.Version).ShouldBe(Enumerable.Range(1, stored.Count).Select(v => (long)v));
        stored.Select(e => (((StepNoted)e.Data).Note, e.Version)).OrderBy(x => x.Version)
            .ShouldBe(acknowledged.OrderBy(a => a.Version));
        conflicts.Count.ShouldBeGreaterThanOrEqualTo(7); // the first round alone: 8 writers expected "no stream", one won
        (acknowledged.Count + conflicts.Count).ShouldBe(8 * 12);
        (await store.VerifyAsync(HauteGaronne, stream)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task Plain_appends_racing_function_and_bulk_appends_on_one_stream_lose_nothing_and_duplicate_nothing()
    {
        // The plain one-event append takes no stream lock; the function and bulk appends do. The unique (stream, version)
        // index must be the arbiter between them: every acknowledged event stored once, versions contiguous, chain intact.
        var store = db.CreateStore();
        var stream = StreamId.New();
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("start"), Manager);
        var acknowledged = new ConcurrentBag<string>();
        var conflicts = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Writer(int writer)
        {
            await start.Task;
            for (var attempt = 0; attempt < 15; attempt++)
            {
                var current = ExpectedVersion.Exactly((await store.ReadStreamAsync(HauteGaronne, stream)).Count);
                var notes = new[] { $"w{writer}-a{attempt}-1", $"w{writer}-a{attempt}-2" };
                try
                {
                    switch ((writer + attempt) % 4)
                    {
                        case 0 or 1: // the plain path
                            await store.AppendAsync(HauteGaronne, stream, StreamType, current, Notes(notes[0]), Manager);
                            acknowledged.Add(notes[0]);
                            break;
                        case 2: // the function: two events, or one with a key
                            if (attempt % 2 == 0)
                            {
                                await store.AppendAsync(HauteGaronne, stream, StreamType, current, Notes(notes), Manager);
                                acknowledged.Add(notes[0]);
                                acknowledged.Add(notes[1]);
                            }
                            else
                            {
                                await store.AppendAsync(HauteGaronne, stream, StreamType, current, Notes(notes[0]), Manager, $"key-{writer}-{attempt}");
                                acknowledged.Add(notes[0]);
                            }
                            break;
                        default: // a bulk append
                            await store.AppendBulkAsync(HauteGaronne, [new StreamAppend(stream, StreamType, current, Notes(notes[0]))], Manager);
                            acknowledged.Add(notes[0]);
                            break;
                    }
                }
                catch (ConcurrencyException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }

        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(() => Writer(w))).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        var stored = await store.ReadStreamAsync(HauteGaronne, stream);
        stored.Select(e => e.Version).ShouldBe(Enumerable.Range(1, stored.Count).Select(v => (long)v));
        stored.Skip(1).Select(e => ((StepNoted)e.Data).Note).Order().ShouldBe(acknowledged.Order());
        conflicts.ShouldBeGreaterThan(0);
        await store.AnchorEverythingAsync();
        (await store.VerifyAsync(HauteGaronne, stream)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task Two_writers_creating_the_same_stream_one_wins_the_other_gets_the_typed_conflict()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes($"n{i}"), Manager);
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        })));

        attempts.Count(won => won).ShouldBe(1);
        (await store.ReadStreamAsync(HauteGaronne, stream)).Count.ShouldBe(1);
    }
}
