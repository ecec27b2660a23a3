namespace Parcours.EventStore.Tests.Support;

public static class Anchoring
{
    /// <summary>
    /// Runs the anchoring job until every committed event is anchored. Other test classes share the PostgreSQL server,
    /// and their open transactions hold the global reader back (delayed, never skipped): wait for them, up to 30 s.
    /// Once nothing is held back, the job runs once more: events it could not pass a moment ago (held back by a
    /// transaction that has ended since) are readable only now.
    /// </summary>
    public static async Task AnchorEverythingAsync(this EventStore store)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await store.AnchorStreamHeadsAsync(batchSize: 3) > 0) continue;
            if (!await store.HasEventsHeldBackAsync())
            {
                if (await store.AnchorStreamHeadsAsync(batchSize: 3) == 0) return;
                continue;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Events stayed held back by an open transaction for 30 s.");
            await Task.Delay(20);
        }
    }

    /// <summary>Runs the anchoring job over what the reader can pass now, without waiting for held-back events.</summary>
    public static async Task AnchorAvailableAsync(this EventStore store)
    {
        while (await store.AnchorStreamHeadsAsync(batchSize: 3) > 0) { }
    }
}
