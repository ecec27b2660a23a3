using Npgsql;
using NodaTime;
using Parcours.Application.Reporting;
using Parcours.Application.Reporting.Exports;
using Parcours.Domain.Indicators;
using Parcours.EventStore;
using Parcours.EventStore.Schema;
using Parcours.Projections.TimeTravel;

namespace Parcours.Projections.Indicators;

/// <summary>
/// Builds the <see cref="IndicatorReport"/> of one month and some definition sets: from the projection ("as known
/// now": the caller catches the projection up first if it wants the latest events counted), or recomputed from the
/// log with only the events recorded before an instant. What <c>parcours report</c> and the HTTP API both call.
/// </summary>
public sealed class MonthlyReportQuery(
    NpgsqlDataSource dataSource, IndicatorReports reports, AsKnownAtReport asKnownAt, IndicatorCatalogue catalogue)
{
    public MonthlyReportQuery(NpgsqlDataSource dataSource, ReadModels models)
        : this(dataSource, models.Reports, models.AsKnownAt, models.Catalogue)
    {
    }

    /// <param name="knownAt">Null: as known now (from the projection). Otherwise only events recorded before it count.</param>
    /// <param name="now">The report's computation instant.</param>
    /// <exception cref="UnknownTenantException">The tenant is not registered.</exception>
    public async Task<IndicatorReport> BuildAsync(
        TenantId tenant, YearMonth month, IReadOnlyList<DefinitionSet> sets, Instant? knownAt, Instant now, CancellationToken ct = default)
    {
        var name = await TenantNameAsync(tenant, ct) ?? throw new UnknownTenantException(tenant);
        var definitions = sets.SelectMany(s => s.Definitions(catalogue)).DistinctBy(d => (d.Id, d.Version)).ToList();
        var figures = knownAt is { } at
            ? MonthlyFigures.For(await asKnownAt.ComputeAsync(tenant, definitions, month, month, at, ct), month)
            : await reports.MonthAsync(tenant, definitions, month, ct);
        var byDefinition = figures.ToDictionary(f => (f.Definition.Id, f.Definition.Version));
        return IndicatorReport.Create(tenant, name, month, knownAt, now,
            sets.Select(s => (s, (IReadOnlyList<MonthlyFigure>)[.. s.Definitions(catalogue).Select(d => byDefinition[(d.Id, d.Version)])])));
    }

    /// <summary>The registered name of the tenant ("Haute-Garonne"), or null when it is not registered.</summary>
    public async Task<string?> TenantNameAsync(TenantId tenant, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT name FROM {EventStoreSchema.Name}.tenants WHERE code = $1");
        command.Parameters.Add(new() { Value = tenant.Code });
        return await command.ExecuteScalarAsync(ct) as string;
    }
}
