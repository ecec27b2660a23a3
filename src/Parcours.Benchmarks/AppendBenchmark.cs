using NodaTime;
using Npgsql;
using Parcours.EventStore;

namespace Parcours.Benchmarks;

/// <summary>
/// The append benchmark, behind <c>parcours bench append</c>. In one run against one server it measures a raw Npgsql
/// baseline and the store side by side: single-event appends (one transaction each) at 1 and N concurrent clients (1, 4 and 8 in <c>bench all</c>) on
/// distinct streams, and a bulk append of 100,000 events against a raw binary COPY of the same rows. The raw table has
/// the events table's exact shape and indexes. Each figure is reported with its baseline and ratio, measured in
/// alternating rounds (<see cref="Interleaved"/>).
/// </summary>
public static class AppendBenchmark
{
    private static readonly TenantId Tenant = TenantId.Parse("31");
    private static readonly EventMetadata Metadata = new("bench");

    public static async Task RunAsync(
        string connectionString, AppendBenchmarkOptions options, Action<BenchmarkResult> report, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Max(builder.MaxPoolSize, options.Writers.Max() * 2 + 2);
        builder.MaxAutoPrepare = Math.Max(builder.MaxAutoPrepare, 20);
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var eventOptions = new EventStoreOptions();
        eventOptions.Types.Register<BenchStep>(BenchStep.Name);
        var store = new EventStore.EventStore(dataSource, eventOptions);
        await store.EnsureSchemaAsync(cancellationToken);
        await store.RegisterTenantAsync(Tenant, "Haute-Garonne", cancellationToken);
        var raw = await RawEvents.CreateAsync(dataSource, cancellationToken);

        foreach (var clients in options.Writers.Distinct())
        {
            var rawClients = Clients(clients, () => () => raw.InsertOneAsync(cancellationToken));
            var storeClients = Clients(clients, () => new SingleStreamWriter(store).AppendAsync);
            await ClientLoops.RunForAsync(rawClients, options.WarmUp, cancellationToken);
            await ClientLoops.RunForAsync(storeClients, options.WarmUp, cancellationToken);
            var round = options.Duration / options.Rounds;
            var comparison = await Interleaved.RatesAsync(options.Rounds,
                () => ClientLoops.RateAsync(rawClients, round, cancellationToken),
                () => ClientLoops.RateAsync(storeClients, round, cancellationToken));
            report(comparison.ToResult($"append.single.{clients}-writer{(clients > 1 ? "s" : "")}", "appends/s"));
        }

        await raw.CopyAsync(options.BulkEvents / 20, cancellationToken); // warm-up
        await BulkAsync(store, options.BulkEvents / 20, options.BulkEventsPerStream, cancellationToken);
        var bulk = await Interleaved.RatesAsync(options.BulkRounds,
            async () => options.BulkEvents / await Latency.SecondsAsync(() => raw.CopyAsync(options.BulkEvents, cancellationToken)),
            async () => options.BulkEvents / await Latency.SecondsAsync(() => BulkAsync(store, options.BulkEvents, options.BulkEventsPerStream, cancellationToken)));
        report(bulk.ToResult($"append.bulk.{options.BulkEvents}", "events/s"));
        report(new BenchmarkResult("events.bytes-per-event", await BytesPerEventAsync(dataSource, cancellationToken), "bytes", null, null));
    }

    private static Func<Task>[] Clients(int count, Func<Func<Task>> newClient) =>
        Enumerable.Range(0, count).Select(_ => newClient()).ToArray();

    private static Task<BulkAppendResult> BulkAsync(EventStore.EventStore store, int events, int perStream, CancellationToken ct)
    {
        var streams = Enumerable.Range(0, events / perStream)
            .Select(_ => new StreamAppend(StreamId.New(), "pathway", ExpectedVersion.NoStream,
                Enumerable.Range(0, perStream).Select(i => (object)BenchStep.Sample(i)).ToList()))
            .ToList();
        return store.AppendBulkAsync(Tenant, streams, Metadata, ct);
    }

    private static async Task<double> BytesPerEventAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT pg_total_relation_size('parcours.events')::float8 / greatest(count(*), 1) FROM parcours.events");
        return Math.Round((double)(await command.ExecuteScalarAsync(ct))!, 1);
    }

    /// <summary>One writer appending one event per transaction to its own stream, with the expected version.</summary>
    private sealed class SingleStreamWriter(EventStore.EventStore store)
    {
        private readonly StreamId _stream = StreamId.New();
        private long _version;

        public async Task AppendAsync()
        {
            var result = await store.AppendAsync(Tenant, _stream, "pathway", ExpectedVersion.Exactly(_version),
                [BenchStep.Sample((int)_version)], Metadata);
            _version = result.StreamVersion;
        }
    }
}

/// <summary>A representative pathway step: a business date and two short codes (about 90 bytes of JSON).</summary>
internal sealed record BenchStep(LocalDate On, string Track, string Organisation, string Channel)
{
    public const string Name = "orientation-decided";

    public static BenchStep Sample(int i) =>
        new(new LocalDate(2025, 1, 1).PlusDays(i % 365), "SocioProfessional", $"ORG-{i % 97:D3}", "Manager");
}
