using Npgsql;
using NodaTime;
using Parcours.Application;
using Parcours.Domain.Indicators;
using Parcours.EventStore;
using Parcours.EventStore.Schema;
using Parcours.Projections.CaseSummaries;
using Parcours.Projections.Closing;
using Parcours.Projections.Indicators;
using Parcours.Projections.Rebuild;
using Parcours.Projections.Schema;
using Parcours.Projections.TimeTravel;
using Parcours.Projections.WorkQueue;

namespace Parcours.Projections;

/// <summary>
/// The store wired with its read models: the inline case summaries, the indicator projection and its daemon, the
/// queries on them, the rebuild and the monthly closings. What the server, the CLI and the tests build, so that they all run the same code.
/// </summary>
public sealed class ReadModels
{
    private readonly NpgsqlDataSource dataSource;

    private ReadModels(NpgsqlDataSource dataSource, IClock clock, IndicatorCatalogue catalogue)
    {
        this.dataSource = dataSource;
        var options = PathwayEventStore.CreateOptions(clock);
        Store = new EventStore.EventStore(dataSource, options);
        options.InlineProjections.Add(new CaseSummaryProjection(() => Store, catalogue));
        Catalogue = catalogue;
        Projection = new IndicatorProjection(catalogue);
        Daemon = new ProjectionDaemon(dataSource, Store, Projection, clock);
        Reports = new IndicatorReports(dataSource);
        AsKnownAt = new AsKnownAtReport(dataSource, Store);
        Cases = new CaseAsOf(Store);
        WorkQueue = new WorkQueueReader(dataSource);
        Rebuild = new ProjectionRebuild(dataSource, Store, catalogue, Projection, clock);
        Closings = new MonthClosing(dataSource, Store, catalogue, clock);
    }

    public EventStore.EventStore Store { get; }
    public IndicatorCatalogue Catalogue { get; }
    public IndicatorProjection Projection { get; }
    public ProjectionDaemon Daemon { get; }
    public IndicatorReports Reports { get; }
    public AsKnownAtReport AsKnownAt { get; }
    public CaseAsOf Cases { get; }
    public WorkQueueReader WorkQueue { get; }
    public ProjectionRebuild Rebuild { get; }
    public MonthClosing Closings { get; }

    /// <summary>Ensures the store's and the read models' schemas, and returns everything wired.</summary>
    public static async Task<ReadModels> OpenAsync(
        NpgsqlDataSource dataSource, IClock clock, IndicatorCatalogue? catalogue = null, CancellationToken ct = default)
    {
        var models = Create(dataSource, clock, catalogue);
        await EnsureSchemasAsync(dataSource, ct);
        return models;
    }

    /// <summary>Everything wired, without touching the database (a host ensures the schemas when it can reach it).</summary>
    public static ReadModels Create(NpgsqlDataSource dataSource, IClock clock, IndicatorCatalogue? catalogue = null) =>
        new(dataSource, clock, catalogue ?? IndicatorCatalogue.BuiltIn);

    /// <summary>Creates or migrates the store's, the read models' and the closings' schemas.</summary>
    public Task EnsureSchemasAsync(CancellationToken ct = default) => EnsureSchemasAsync(dataSource, ct);

    /// <summary>Creates or migrates the store's, the read models' and the closings' schemas.</summary>
    public static async Task EnsureSchemasAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await EventStoreSchema.EnsureAsync(dataSource, ct);
        await ReadModelSchema.EnsureAsync(dataSource, ct);
        await ClosingSchema.EnsureAsync(dataSource, ct);
    }
}
