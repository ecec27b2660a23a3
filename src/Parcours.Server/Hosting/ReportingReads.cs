using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Parcours.Projections;

namespace Parcours.Server.Hosting;

/// <summary>
/// Where the report and audit queries read (indicators and their drill-down, case histories, a case as of a point):
/// a streaming read replica when <see cref="ParcoursServerOptions.ReadConnectionString"/> names one, else the primary.
/// A replica lags the primary by its replay delay (usually milliseconds): a figure or a history read there may miss the
/// last moments' writes, as a report computed a moment earlier would. Commands, the work queue and the projection
/// daemon always use the primary. See docs/scaling.md. The replica's data source is this object's own, and closed with
/// it (the container disposes it at shutdown); the primary's belongs to the container.
/// </summary>
public sealed class ReportingReads(NpgsqlDataSource dataSource, ReadModels models, bool onReplica) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>Read models over <see cref="DataSource"/>: query them, never append through them.</summary>
    public ReadModels Models { get; } = models;

    public bool OnReplica { get; } = onReplica;

    public ValueTask DisposeAsync() => OnReplica ? DataSource.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>The replica's read models when a read connection is given, else the primary's own.</summary>
    public static void Register(IServiceCollection services, string? readConnectionString)
    {
        if (readConnectionString is null)
        {
            services.AddSingleton(sp => new ReportingReads(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ReadModels>(), onReplica: false));
            return;
        }

        var connection = new NpgsqlConnectionStringBuilder(readConnectionString);
        connection.ApplicationName ??= "parcours-server-reads";
        services.AddSingleton(sp =>
        {
            var replica = NpgsqlDataSource.Create(connection.ConnectionString);
            return new ReportingReads(replica, ReadModels.Create(replica, sp.GetRequiredService<IClock>()), onReplica: true);
        });
    }
}
