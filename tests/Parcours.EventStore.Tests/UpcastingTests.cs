using System.Text.Json.Nodes;
using NodaTime;
using Parcours.EventStore.Tests.Support;
using static Parcours.EventStore.Tests.Support.EventStoreDatabase;
using static Parcours.EventStore.Tests.Support.TestEvents;

namespace Parcours.EventStore.Tests;

/// <summary>Version 1 of the software stored "case-created" with a French date string under "date" and no territory.</summary>
public sealed class UpcastingTests(EventStoreDatabase db) : IClassFixture<EventStoreDatabase>
{
    private static (string, JsonNode) FromCaseCreatedV1(JsonNode old)
    {
        var date = System.DateTime.ParseExact((string)old["date"]!, "dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        return ("case-opened", new JsonObject { ["on"] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["territory"] = "unknown" });
    }

    [Fact]
    public async Task An_event_stored_under_an_old_name_and_shape_is_read_as_the_current_type()
    {
        var store = db.CreateStore(configure: o => o.Types.Upcast("case-created", FromCaseCreatedV1));
        var stream = StreamId.New();
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("a"), Manager);
        await db.ExecuteAsync("""UPDATE parcours.events SET type = 'case-created', data = '{"date":"06/01/2025"}' WHERE stream_id = $1""", stream.Value);

        var read = (await store.ReadStreamAsync(HauteGaronne, stream)).Single();

        read.TypeName.ShouldBe("case-opened");
        read.Data.ShouldBe(new CaseOpened(new LocalDate(2025, 1, 6), "unknown"));
    }

    [Fact]
    public async Task An_upcaster_for_a_current_name_reshapes_old_events_and_leaves_new_ones()
    {
        // "step-noted" once had "text" instead of "note".
        var store = db.CreateStore(configure: o => o.Types.Upcast("step-noted", node =>
        {
            if (node["text"] is { } text) node["note"] = text.DeepClone();
            return ("step-noted", node);
        }));
        var stream = StreamId.New();
        await store.AppendAsync(HauteGaronne, stream, StreamType, ExpectedVersion.NoStream, Notes("old", "new"), Manager);
        await db.ExecuteAsync("""UPDATE parcours.events SET data = '{"on":"2025-01-01","text":"old shape"}' WHERE stream_id = $1 AND version = 1""", stream.Value);

        var read = await store.ReadStreamAsync(HauteGaronne, stream);

        read.Select(e => ((StepNoted)e.Data).Note).ShouldBe(["old shape", "new"]);
    }
}
