using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

/// <summary>Verification with progress (the bar of <c>parcours verify</c>): the total first, then the count as the walk goes.</summary>
public sealed class VerifyProgressTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    [Fact]
    public async Task Progress_reports_the_tenant_s_total_then_rising_counts_ending_at_every_event_checked()
    {
        var store = db.CreateStore();
        var streams = Enumerable.Range(0, 1_200).Select(_ => StreamId.New()).ToList();
        await store.AppendBulkAsync(HauteGaronne,
            [.. streams.Select(s => new StreamAppend(s, StreamType, ExpectedVersion.NoStream, Notes("1", "2", "3", "4", "5", "6", "7", "8", "9", "10")))],
            Manager);
        var reports = new List<VerificationProgress>();

        var report = await store.VerifyAsync(HauteGaronne, new Collect(reports));

        report.IsIntact.ShouldBeTrue();
        report.EventsChecked.ShouldBe(12_000);
        reports.ShouldAllBe(p => p.EventsTotal == 12_000);
        reports.Select(p => p.EventsChecked).ShouldBe([0, 5_000, 10_000, 12_000]);

        // One stream: its own total.
        var one = new List<VerificationProgress>();
        (await store.VerifyAsync(HauteGaronne, new Collect(one), streams[7])).EventsChecked.ShouldBe(10);
        one.ShouldBe([new VerificationProgress(0, 10), new VerificationProgress(10, 10)]);
    }

    private sealed class Collect(List<VerificationProgress> into) : IProgress<VerificationProgress>
    {
        public void Report(VerificationProgress value) => into.Add(value);
    }
}
