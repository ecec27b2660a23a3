using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parcours.Server.Features.Projections;

namespace Parcours.Server.Features.Metrics;

/// <summary>
/// The server's own instruments (meter <see cref="MeterName"/>): how long each case command takes, and how far the
/// projection daemon is behind the log per département (sampled just before each scrape of <c>/metrics</c>). HTTP
/// requests by route and status come from ASP.NET Core's own meter; import progress from the importers' meter.
/// </summary>
public sealed class ParcoursMetrics
{
    public const string MeterName = "Parcours";

    /// <summary>The importers' meter (Parcours.Importers.ImportMetrics), counted when an import runs in the server.</summary>
    public const string ImportMeterName = "Parcours.Import";

    private readonly Histogram<double> _commandDuration;
    private volatile IReadOnlyList<TenantLag> _lags = [];

    public ParcoursMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _commandDuration = meter.CreateHistogram(
            "parcours.command.duration", unit: "s", description: "Durée d'une commande sur un dossier (lecture, décision, ajout au journal).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        meter.CreateObservableGauge(
            "parcours.projection.events_behind",
            () => _lags.Select(l => new Measurement<long>(l.EventsBehind, new KeyValuePair<string, object?>("tenant", l.Tenant))),
            unit: "{event}", description: "Événements du journal que la projection des indicateurs n'a pas encore traités, par département.");
        meter.CreateObservableGauge(
            "parcours.projection.cases_due",
            () => _lags.Select(l => new Measurement<long>(l.CasesDue, new KeyValuePair<string, object?>("tenant", l.Tenant))),
            unit: "{case}", description: "Dossiers dont une échéance est passée sans être encore projetée, par département.");
    }

    /// <summary>Records one command: its name (the route's last segment, e.g. orientations) and the status it answered.</summary>
    public void CommandCompleted(HttpContext http, long startTimestamp, int status) =>
        _commandDuration.Record(
            Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("command", CommandName(http)),
            new KeyValuePair<string, object?>("status", status));

    /// <summary>Replaces the sampled projection lag (called before each scrape).</summary>
    public void SetProjectionLag(IReadOnlyList<TenantLag> lags) => _lags = lags;

    private static string CommandName(HttpContext http) =>
        (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.Split('/').LastOrDefault(s => !s.StartsWith('{')) ?? "unknown";
}
