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
