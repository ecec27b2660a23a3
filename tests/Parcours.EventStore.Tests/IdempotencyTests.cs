using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

public sealed class IdempotencyTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    [Fact]
    public async Task A_retry_with_the_same_key_returns_the_original_result_and_writes_nothing()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        var key = $"import-{Guid.NewGuid()}";

        var original = await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a", "b"), Manager, key);
        var retry = await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a", "b"), Manager, key);

        retry.Replayed.ShouldBeTrue();
        original.Replayed.ShouldBeFalse();
        retry.StreamVersion.ShouldBe(original.StreamVersion);
        retry.Positions.ShouldBe(original.Positions);
        (await store.ReadStreamAsync(HauteGaronne, stream)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_keyed_append_is_found_by_its_key_with_its_stream_and_versions_and_an_unknown_key_is_not()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        var key = $"find-{Guid.NewGuid()}";
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a"), Manager);

        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(1), Notes("b", "c"), Manager, key);

        (await store.FindKeyedAppendAsync(HauteGaronne, key)).ShouldBe(new KeyedAppend(stream, 2, 3));
        (await store.FindKeyedAppendAsync(HauteGaronne, $"unknown-{Guid.NewGuid()}")).ShouldBeNull();
    }

    [Fact]
    public async Task Concurrent_retries_with_the_same_key_write_once_and_all_get_the_same_result()
    {
        var store = db.CreateStore();
        var stream = StreamId.New();
        var key = $"retry-{Guid.NewGuid()}";
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var calls = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("once"), Manager, key);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(calls);

        results.Count(r => !r.Replayed).ShouldBe(1);
        results.Select(r => r.Positions.Single()).Distinct().Count().ShouldBe(1);
        (await store.ReadStreamAsync(HauteGaronne, stream)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_keyed_command_path_replays_retries_writes_once_under_racing_retries_and_keeps_no_key_when_it_fails()
    {
        // One event at a known version with a key: the plain statement that writes the key and the event together.
        var store = db.CreateStore();
        var stream = StreamId.New();
        var key = $"cmd-{Guid.NewGuid()}";
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a"), Manager);
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(1), Notes("b"), Manager);

        (await Should.ThrowAsync<ConcurrencyException>(() =>
            store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(1), Notes("stale"), Manager, key))).Actual.ShouldBe(2);
        (await store.FindKeyedAppendAsync(HauteGaronne, key)).ShouldBeNull();

        var first = await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(2), Notes("c"), Manager, key);
        var sameRequest = await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(2), Notes("c"), Manager, key);
        var afterReading = await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(3), Notes("c"), Manager, key);

        (first.Replayed, first.StreamVersion).ShouldBe((false, 3L));
        (await store.FindKeyedAppendAsync(HauteGaronne, key)).ShouldBe(new KeyedAppend(stream, 3, 3));
        foreach (var retry in new[] { sameRequest, afterReading })
        {
            (retry.Replayed, retry.StreamVersion).ShouldBe((true, 3L));
            retry.Positions.ShouldBe(first.Positions);
        }

        var racing = $"race-{Guid.NewGuid()}";
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.Exactly(3), Notes("d"), Manager, racing);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(calls);
        results.Count(r => !r.Replayed).ShouldBe(1);
        results.Select(r => r.Positions.Single()).Distinct().Count().ShouldBe(1);

        await Should.ThrowAsync<IdempotencyKeyReusedException>(() =>
            store.AppendAsync(HauteGaronne, StreamId.New(), StreamType, ExpectedVersion.Exactly(1), Notes("x"), Manager, racing));
        (await store.ReadStreamAsync(HauteGaronne, stream)).Select(e => ((StepNoted)e.Data).Note).ShouldBe(["a", "b", "c", "d"]);
        (await store.VerifyAsync(HauteGaronne, stream)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_key_reused_for_another_stream_is_refused()
    {
        var store = db.CreateStore();
        var key = $"k-{Guid.NewGuid()}";
        var other = StreamId.New();
        await store.AppendAsync(HauteGaronne, StreamId.New(), StreamType, ExpectedVersion.Any, Notes("a"), Manager, key);

        await Should.ThrowAsync<IdempotencyKeyReusedException>(() =>
            store.AppendAsync(HauteGaronne, other, StreamType, ExpectedVersion.Any, Notes("a"), Manager, key));

        (await store.ReadStreamAsync(HauteGaronne, other)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Keys_are_scoped_to_a_tenant()
    {
        var store = db.CreateStore();
        var key = $"shared-{Guid.NewGuid()}";

        var inHauteGaronne = await store.AppendAsync(HauteGaronne, StreamId.New(), StreamType, ExpectedVersion.Any, Notes("a"), Manager, key);
        var inAude = await store.AppendAsync(Aude, StreamId.New(), StreamType, ExpectedVersion.Any, Notes("a"), Manager, key);

        inAude.Replayed.ShouldBeFalse();
        inAude.Positions.ShouldNotBe(inHauteGaronne.Positions);
    }
}
