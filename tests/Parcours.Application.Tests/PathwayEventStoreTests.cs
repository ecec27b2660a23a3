using System.Text.Json;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Parcours.Application;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Testing;

namespace Parcours.Application.Tests;

public sealed class PathwayStoreDatabase() : PostgresDatabaseFixture("pathway_store", "pathway_store_schema", InitializeAsync)
{
    public static readonly TenantId HauteGaronne = TenantId.Parse("31");

    private static async Task InitializeAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new EventStore.EventStore(dataSource);
        await store.EnsureSchemaAsync();
        await store.RegisterTenantAsync(HauteGaronne, "Haute-Garonne");
    }
}

/// <summary>Every pathway event goes into the real store and comes back equal, with its stable name.</summary>
public sealed class PathwayEventStoreTests(PathwayStoreDatabase database) : IClassFixture<PathwayStoreDatabase>
{
    private static readonly LocalDate Jan10 = new(2025, 1, 10);
    private static readonly Guid Appointment = new("6f1c2a7e-0000-4000-8000-000000000001");

    /// <summary>One of each event type, in an order the pathway rules accept.</summary>
    public static IReadOnlyList<IPathwayEvent> OneOfEach { get; } =
    [
        new RsaEntered(new LocalDate(2024, 12, 2), Jan10, true, EntrySource.CafFlux, "T1"),
        new RightsAndDutiesChanged(Jan10.PlusDays(1), true),
        new DiagnosticCompleted(Jan10.PlusDays(3), "MDS Colomiers"),
        new OrientationDecided(Jan10.PlusDays(5), null, Track.Social, "MDS Colomiers", "ref-12", OrientationChannel.Manager),
        new OrientationNotified(Jan10.PlusDays(7)),
        new AppointmentFixed(Appointment, AppointmentKind.Accompaniment, Jan10.PlusDays(8), Jan10.PlusDays(20), "MDS Colomiers"),
        new AppointmentOutcomeRecorded(Appointment, Jan10.PlusDays(20), AppointmentOutcome.Held),
        new ContractSigned(ContractKind.EngagementContract, Jan10.PlusDays(21), Jan10.PlusMonths(6), "MDS Colomiers"),
        new ReorientationDecided(Jan10.PlusDays(40), Jan10.PlusDays(42), Track.Professional, "France Travail Toulouse", null, OrientationChannel.MultidisciplinaryTeam, "projet professionnel"),
        new StepCorrected(4, new OrientationDecided(Jan10.PlusDays(4), null, Track.Social, "MDS Colomiers", "ref-12", OrientationChannel.Manager), "date saisie erronée", Jan10.PlusDays(45)),
        new RightSuspended(Jan10.PlusDays(50), "ressources"),
        new RightResumed(Jan10.PlusDays(60)),
        new AccompanimentExited(Jan10.PlusDays(70), "emploi", true),
        new StepRetracted(13, "saisie en double", Jan10.PlusDays(71)),
        new RsaExited(Jan10.PlusDays(90), "ressources supérieures au plafond"),
        new RsaReentered(Jan10.PlusDays(200), Jan10.PlusDays(220), true, EntrySource.CafFlux, "T1", ReentryGround.AfterClosure),
    ];

    [Fact]
    public void The_sample_covers_every_pathway_event_type()
    {
        OneOfEach.Select(e => e.GetType()).ToHashSet().SetEquals(PathwayEventTypes.All.Select(t => t.Type)).ShouldBeTrue();
    }

    [Fact]
    public async Task Every_pathway_event_round_trips_through_the_store()
    {
        var store = new EventStore.EventStore(database.DataSource, PathwayEventStore.CreateOptions(new FakeClock(Instant.FromUtc(2025, 9, 1, 8, 0))));
        var caseId = CaseId.New();

        await store.AppendAsync(PathwayStoreDatabase.HauteGaronne, new StreamId(caseId.Value), PathwayEventTypes.StreamType,
            ExpectedVersion.NoStream, [.. OneOfEach], new EventMetadata("gsb-31-007"));
        var stored = await store.ReadStreamAsync(PathwayStoreDatabase.HauteGaronne, new StreamId(caseId.Value), null, null);

        var recorded = stored.Select(PathwayEventStore.ToRecorded).ToList();
        recorded.Select(r => r.Event).ShouldBe(OneOfEach);
        recorded.Select(r => r.Version).ShouldBe(Enumerable.Range(1, OneOfEach.Count).Select(v => (long)v));
        recorded.ShouldAllBe(r => r.RecordedBy == "gsb-31-007" && r.RecordedAt == Instant.FromUtc(2025, 9, 1, 8, 0));
        stored.Select(s => s.TypeName).ShouldBe(OneOfEach.Select(e => PathwayEventTypes.NameOf(e.GetType())));
    }

    [Fact]
    public async Task A_correction_stores_its_replacement_with_the_replaced_steps_stable_name()
    {
        var store = new EventStore.EventStore(database.DataSource, PathwayEventStore.CreateOptions(new FakeClock(Instant.FromUtc(2025, 9, 1, 8, 0))));
        var stream = new StreamId(Guid.NewGuid());
        var correction = (StepCorrected)OneOfEach.Single(e => e is StepCorrected);

        await store.AppendAsync(PathwayStoreDatabase.HauteGaronne, stream, PathwayEventTypes.StreamType, ExpectedVersion.Any, [correction], new EventMetadata("gsb-31-007"));

        await using var command = database.DataSource.CreateCommand("select data::text from parcours.events where stream_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = stream.Value });
        var json = JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!).RootElement;
        json.GetProperty("replacement").GetProperty("$type").GetString().ShouldBe("orientation-decided");
        json.GetProperty("replacement").GetProperty("decidedOn").GetString().ShouldBe("2025-01-14");
        json.TryGetProperty("businessDate", out _).ShouldBeFalse("the business date is derived from the event's own dates");
        json.GetProperty("replacement").TryGetProperty("businessDate", out _).ShouldBeFalse();
    }

    [Fact]
    public void A_replacement_of_an_unknown_type_is_refused_on_read()
    {
        var options = PathwayEventStore.CreateJsonOptions();
        const string json = """{"targetVersion":4,"replacement":{"$type":"no-such-step","on":"2025-01-01"},"reason":"x","correctedOn":"2025-02-01"}""";

        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<StepCorrected>(json, options));
    }
}
