using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using Parcours.Application.Reporting;
using DefinitionSet = Parcours.Application.Reporting.Exports.DefinitionSet;
using Parcours.Domain.Indicators;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Projections.Indicators;
using Parcours.Server.Auth;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Indicators;

public sealed record FigureCases(string DefinitionId, int DefinitionVersion, YearMonth Month, Outcome? Outcome, IReadOnlyList<FigureCase> Cases);

/// <summary>
/// The insertion service's reports: a month's figures for a definition set, as known now (the indicator projection) or
/// as a report made at <c>asKnownAt</c> would have shown them (recomputed from the log); and, per figure, the
/// pseudonymous cases behind it (case ids and dates, never an identity).
/// </summary>
public static class IndicatorEndpoints
{
    public static RouteGroupBuilder MapIndicators(this RouteGroupBuilder departement)
    {
        departement.MapGet("/indicators/{month}", async (string dep, string month, string? set, string? asKnownAt, string? format,
                HttpContext http, ReportingReads reads, IClock clock) =>
            {
                var (models, dataSource) = (reads.Models, reads.DataSource);
                var fields = new RequestFields();
                var cohort = Month(fields, month);
                var setName = string.IsNullOrWhiteSpace(set) ? IndicatorSets.Default : set.Trim();
                var definitions = IndicatorSets.Resolve(setName, models.Catalogue);
                if (definitions is null)
                    fields.Add(new FieldError("set", "value.unknown", $"Jeu d'indicateurs inconnu : « {set} » (jeux connus : {string.Join(", ", IndicatorSets.Names)})."));
                var formatName = string.IsNullOrWhiteSpace(format) ? IndicatorFormats.Json : format.Trim().ToLowerInvariant();
                if (!IndicatorFormats.Known.Contains(formatName))
                    fields.Add(new FieldError("format", "value.unknown", $"Format inconnu : « {format} » (formats : {string.Join(", ", IndicatorFormats.Known)})."));
                var knownAt = KnownAt(fields, asKnownAt);
                if (fields.HasErrors) return fields.Problem();
                if (knownAt > clock.GetCurrentInstant())
                    return Problems.Result(StatusCodes.Status422UnprocessableEntity, "date.future",
                        $"« asKnownAt » ({asKnownAt}) est dans le futur : on ne peut savoir aujourd'hui ce qui sera connu demain.");

                var tenant = TenantId.Parse(dep);
                if (IndicatorFormats.IsFile(formatName))
                {
                    // The same report as `parcours report --format csv|xlsx`.
                    var sets = DefinitionSet.Parse(setName)!;
                    var report = await new MonthlyReportQuery(dataSource, models)
                        .BuildAsync(tenant, cohort, sets, knownAt, clock.GetCurrentInstant(), http.RequestAborted);
                    return IndicatorFormats.WriteFile(formatName, report);
                }

                IndicatorTable table;
                if (knownAt is { } at)
                {
                    var aggregates = await models.AsKnownAt.ComputeAsync(tenant, definitions!, cohort, cohort, at, http.RequestAborted);
                    table = IndicatorTable.From(tenant.Code, cohort, setName, at, null, MonthlyFigures.For(aggregates, cohort));
                }
                else
                {
                    var figures = await models.Reports.MonthAsync(tenant, definitions!, cohort, http.RequestAborted);
                    var lag = await models.Daemon.LagAsync(tenant, http.RequestAborted);
                    table = IndicatorTable.From(tenant.Code, cohort, setName, null, lag.EventsBehind, figures);
                }
                return IndicatorFormats.Write(table);
            })
            .WithName("GetIndicators").WithSummary("Indicateurs d'un mois de cohorte pour un jeu de définitions").Produces<IndicatorTable>()
            .RequireRoles(ParcoursRoles.InsertionService);

        departement.MapGet("/indicators/{month}/{definitionId}/cases", async (string dep, string month, string definitionId, string? outcome,
                HttpContext http, ReportingReads reads) =>
            {
                var models = reads.Models;
                var fields = new RequestFields();
                var cohort = Month(fields, month);
                Outcome? wanted = string.IsNullOrWhiteSpace(outcome) ? null : fields.Enum<Outcome>("outcome", outcome);
                if (fields.HasErrors) return fields.Problem();
                var definition = models.Catalogue.Definitions.FirstOrDefault(d => d.Id == definitionId);
                if (definition is null)
                    return Problems.Result(StatusCodes.Status404NotFound, "indicator.unknown", $"Indicateur inconnu : « {definitionId} ».");
                var cases = await models.Reports.CasesAsync(TenantId.Parse(dep), definition, cohort, wanted, http.RequestAborted);
                return TypedResults.Ok(new FigureCases(definition.Id, definition.Version, cohort, wanted, cases));
            })
            .WithName("GetIndicatorCases").WithSummary("Dossiers (pseudonymes) derrière un indicateur d'un mois").Produces<FigureCases>()
            .RequireRoles(ParcoursRoles.InsertionService);
        return departement;
    }

    private static YearMonth Month(RequestFields fields, string month)
    {
        var parsed = YearMonthPattern.Iso.Parse(month);
        if (parsed.Success) return parsed.Value;
        fields.Add(new FieldError("month", "month.invalid", $"« {month} » n'est pas un mois valide : format attendu AAAA-MM (par exemple 2025-03)."));
        return default;
    }

    /// <summary>An instant (2025-04-01T08:00:00Z), or a date meaning the start of that day in Europe/Paris.</summary>
    private static Instant? KnownAt(RequestFields fields, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var instant = InstantPattern.ExtendedIso.Parse(text.Trim());
        if (instant.Success) return instant.Value;
        var date = LocalDatePattern.Iso.Parse(text.Trim());
        if (date.Success) return date.Value.AtStartOfDayInZone(ParisCalendar.Zone).ToInstant();
        fields.Add(new FieldError("asKnownAt", "instant.invalid",
            $"« {text} » n'est ni un instant (AAAA-MM-JJTHH:MM:SSZ) ni une date (AAAA-MM-JJ)."));
        return null;
    }
}
