using System.Text.Json;
using Parcours.EventStore.Serialization;

namespace Parcours.Application.Reporting.Exports;

/// <summary>
/// The report as JSON (camelCase, ISO dates and instants, rates in [0, 1], null for a figure not published or not
/// computable). The shape the CLI prints and the HTTP API can return.
/// </summary>
public static class IndicatorJson
{
    private static readonly JsonSerializerOptions Options = new(ParcoursJson.CreateOptions()) { WriteIndented = true };

    public static byte[] Write(IndicatorReport report) => JsonSerializer.SerializeToUtf8Bytes(Shape(report), Options);

    /// <summary>The serialisable shape of the report.</summary>
    public static object Shape(IndicatorReport report) => new
    {
        tenant = report.Tenant,
        tenantName = report.TenantName,
        month = report.Month,
        firstDay = report.FirstDay,
        lastDay = report.LastDay,
        asKnownAt = report.AsKnownAt,
        computedAt = report.ComputedAt,
        sets = report.Tables.Select(t => new
        {
            id = t.Set.Id,
            title = t.Set.Title,
            rows = t.Rows.Select(r => new
            {
                row = r.Row,
                label = r.Label,
                definitionId = r.DefinitionId,
                definitionVersion = r.DefinitionVersion,
                numerator = r.Numerator,
                denominator = r.Denominator,
                rate = r.Rate,
                meanDelayDays = r.MeanDelayDays,
                medianDelayDays = r.MedianDelayDays,
                pending = r.Pending,
                excluded = r.Excluded,
                provisional = r.Provisional,
                provisionalReason = r.ProvisionalReason,
            }),
        }),
    };
}
