using NodaTime;
using Parcours.Domain.Indicators;
using Parcours.Domain.Pathways;
using Parcours.EventStore;

namespace Parcours.Application.Reporting.Exports;

/// <summary>
/// One month's indicator report of a département, ready to be written as a table, JSON, CSV or XLSX: one
/// <see cref="IndicatorTable"/> per definition set. Pure data; built from the figures the projection (or the
/// as-known-at computation) gave.
/// </summary>
/// <param name="Tenant">The département code ("31").</param>
/// <param name="TenantName">Its registered name ("Haute-Garonne"), when known.</param>
/// <param name="Month">The cohort month.</param>
/// <param name="AsKnownAt">Null: as known when computed. Otherwise the figures only count events recorded before it.</param>
/// <param name="ComputedAt">When the report was produced.</param>
public sealed record IndicatorReport(
    string Tenant, string? TenantName, YearMonth Month, Instant? AsKnownAt, Instant ComputedAt, IReadOnlyList<IndicatorTable> Tables)
{
    /// <summary>"Haute-Garonne (31)", or the code alone.</summary>
    public string Departement => TenantName is null ? Tenant : $"{TenantName} ({Tenant})";

    public LocalDate FirstDay => Month.OnDayOfMonth(1);

    public LocalDate LastDay => Month.OnDayOfMonth(Month.Calendar.GetDaysInMonth(Month.Year, Month.Month));

    /// <summary>The day the figures describe: the date (Paris) of <see cref="AsKnownAt"/>, else of <see cref="ComputedAt"/>.</summary>
    public LocalDate AsOf => ParisCalendar.DateOf(AsKnownAt ?? ComputedAt);

    /// <summary>Builds the report from each set's monthly figures (as <c>IndicatorReports.MonthAsync</c> or <see cref="MonthlyFigures.For"/> return them).</summary>
    public static IndicatorReport Create(
        TenantId tenant, string? tenantName, YearMonth month, Instant? asKnownAt, Instant computedAt,
        IEnumerable<(DefinitionSet Set, IReadOnlyList<MonthlyFigure> Figures)> sets)
    {
        var asOf = ParisCalendar.DateOf(asKnownAt ?? computedAt);
        var monthOpen = asOf <= month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month));
        return new IndicatorReport(
            tenant.Code, tenantName, month, asKnownAt, computedAt,
            [.. sets.Select(s => IndicatorTable.From(s.Set, s.Figures, monthOpen))]);
    }
}

/// <summary>The rows of one definition set for the report's month, in the set's table order.</summary>
public sealed record IndicatorTable(DefinitionSet Set, IReadOnlyList<IndicatorRow> Rows)
{
    /// <param name="monthStillOpen">The cohort month had not ended on the report's as-of day: every row is provisional.</param>
    public static IndicatorTable From(DefinitionSet set, IReadOnlyList<MonthlyFigure> figures, bool monthStillOpen) =>
        new(set, [.. figures.Select(f => IndicatorRow.From(f, set.RowOf(f.Definition.Id), monthStillOpen))]);

    public bool AnyProvisional => Rows.Any(r => r.Provisional);
}

/// <summary>
/// One indicator of a table. A figure the definition does not publish is null and its <c>Shows…</c> flag false; a
/// published rate or delay that cannot be computed (denominator 0, no delay) is null with its flag true
/// ("non calculable", never 0).
/// </summary>
/// <param name="Row">The official row number (CALPAE "1" to "6"); null for figures reported beside the rows.</param>
/// <param name="Numerator">Members met (for a count-only definition, the count).</param>
/// <param name="Rate">In [0, 1].</param>
/// <param name="Pending">Members whose window is still open on the as-of day.</param>
/// <param name="ProvisionalReason">Why the figure can still change (French), when <paramref name="Provisional"/>.</param>
public sealed record IndicatorRow(
    string? Row,
    string Label,
    string DefinitionId,
    int DefinitionVersion,
    Statistics Statistics,
    int? Numerator,
    int? Denominator,
    decimal? Rate,
    decimal? MeanDelayDays,
    decimal? MedianDelayDays,
    int Pending,
    int Excluded,
    bool Provisional,
    string? ProvisionalReason)
{
    public bool ShowsCount => (Statistics & (Statistics.Count | Statistics.Rate)) != 0;

    public bool ShowsRate => Statistics.HasFlag(Statistics.Rate);

    public bool ShowsMeanDelay => Statistics.HasFlag(Statistics.MeanDelay);

    public bool ShowsMedianDelay => Statistics.HasFlag(Statistics.MedianDelay);

    /// <summary>"calpae-2019-row-1-new-entrants v1".</summary>
    public string Definition => $"{DefinitionId} v{DefinitionVersion}";

    public static IndicatorRow From(MonthlyFigure figure, string? row, bool monthStillOpen)
    {
        var d = figure.Definition;
        var f = figure.Figures;
        var stats = d.Statistics;
        var reasons = new List<string>();
        if (monthStillOpen) reasons.Add("mois de cohorte non terminé");
        if (f.Provisional) reasons.Add(f.Pending == 1 ? "1 dossier dont le délai court encore" : $"{ReportFormat.Grouped(f.Pending)} dossiers dont le délai court encore");
        return new IndicatorRow(
            row,
            d.Label,
            d.Id,
            d.Version,
            stats,
            (stats & (Statistics.Count | Statistics.Rate)) != 0 ? f.Numerator : null,
            stats.HasFlag(Statistics.Rate) ? f.Denominator : null,
            stats.HasFlag(Statistics.Rate) ? f.Rate : null,
            stats.HasFlag(Statistics.MeanDelay) ? f.MeanDelayDays : null,
            stats.HasFlag(Statistics.MedianDelay) ? f.MedianDelayDays : null,
            f.Pending,
            f.Excluded,
            reasons.Count > 0,
            reasons.Count > 0 ? string.Join(" ; ", reasons) : null);
    }
}
