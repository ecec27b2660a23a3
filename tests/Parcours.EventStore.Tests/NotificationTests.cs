using Parcours.EventStore.Notifications;
using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

public sealed class NotificationTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    [Fact]
    public async Task A_committed_append_wakes_a_waiting_listener()
    {
        var store = db.CreateStore();
        await using var notifications = new EventNotifications(db.DataSource);
        await notifications.StartAsync();
        var before = notifications.Received;

        var wait = notifications.WaitAsync(TimeSpan.FromSeconds(20));
        await store.AppendAsync(HauteGaronne, StreamId.New(), StreamType, ExpectedVersion.NoStream, Notes("a"), Manager);

        (await wait).ShouldBeTrue();
        for (var i = 0; i < 10 && notifications.Received == before; i++)
            (await notifications.WaitAsync(TimeSpan.FromSeconds(2))).ShouldBeTrue(); // a wake-up on reconnection may come first
        notifications.Received.ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task A_rolled_back_append_sends_nothing_and_the_wait_ends_by_the_safety_poll()
    {
        var store = db.CreateStore();
        await using var notifications = new EventNotifications(db.DataSource);
        await notifications.StartAsync();
        await Task.Delay(200); // let the wake-up sent on (re)connection pass
        var before = notifications.Received;

        var wait = notifications.WaitAsync(TimeSpan.FromMilliseconds(500));
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await store.AppendAsync(connection, tx, HauteGaronne, StreamId.New(), StreamType, ExpectedVersion.NoStream, Notes("a"), Manager);
            await tx.RollbackAsync();
        }

        (await wait).ShouldBeFalse();
        notifications.Received.ShouldBe(before);
    }

    [Fact]
    public async Task Commits_in_a_burst_are_announced_by_a_few_coalesced_notifications_not_one_each()
    {
        await using var notifications = new EventNotifications(db.DataSource);
        await notifications.StartAsync();
        await Task.Delay(200); // let the wake-up sent on (re)connection pass
        var before = notifications.Received;
        var notifier = new CommitNotifier(db.DataSource, TimeSpan.FromSeconds(2));

        for (var i = 0; i < 50; i++) notifier.Committed(HauteGaronne.Code);

        (await notifications.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        await Task.Delay(TimeSpan.FromSeconds(3)); // the interval, then the send of what arrived during the first
        (notifications.Received - before).ShouldBeInRange(1, 2);
    }
}
