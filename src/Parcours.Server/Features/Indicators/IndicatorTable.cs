using NodaTime;
using Parcours.Application.Reporting;
using Parcours.Domain.Indicators;

namespace Parcours.Server.Features.Indicators;

/// <summary>One figure of the month: a definition's overall cohort figures, and where its cases are listed.</summary>
/// <param name="Provisional">True while some members' windows are still open: the figure can still change.</param>
public sealed record IndicatorRow(
    string DefinitionId, int DefinitionVersion, string Label, Statistics Statistics, int Numerator, int Denominator, decimal? Rate,
    decimal? MeanDelayDays, decimal? MedianDelayDays, int Pending, int Excluded, bool Provisional, string? CasesUrl);

/// <summary>The indicators of one cohort month for one definition set.</summary>
/// <param name="Source">"projection" (as known now, from the read model) or "log" (recomputed from the events recorded before asKnownAt).</param>
/// <param name="EventsNotYetProjected">For the projection: events recorded but not yet counted (0 when up to date).</param>
public sealed record IndicatorTable(
    string Departement, YearMonth Month, string Set, Instant? AsKnownAt, string Source, bool Provisional, long? EventsNotYetProjected,
    IReadOnlyList<IndicatorRow> Rows)
{
    public static IndicatorTable From(
        string dep, YearMonth month, string set, Instant? asKnownAt, long? lag, IReadOnlyList<MonthlyFigure> figures)
    {
        var monthText = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var rows = figures.Select(f => new IndicatorRow(
            f.Definition.Id, f.Definition.Version, f.Definition.Label, f.Definition.Statistics, f.Figures.Numerator, f.Figures.Denominator,
            f.Figures.Rate, f.Figures.MeanDelayDays, f.Figures.MedianDelayDays, f.Figures.Pending, f.Figures.Excluded, f.Figures.Provisional,
            asKnownAt is null ? $"/api/departements/{dep}/indicators/{monthText}/{f.Definition.Id}/cases" : null)).ToList();
        return new IndicatorTable(dep, month, set, asKnownAt, asKnownAt is null ? "projection" : "log", rows.Any(r => r.Provisional), lag, rows);
    }
}
