using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Projections.Closing;
using Parcours.Server.Auth;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Closings;

public sealed record ClosingView(
    YearMonth Month, Instant ClosedAt, string ClosedBy, string LogPosition, LocalDate EvaluatedOn, string ContentHash)
{
    public static ClosingView From(ClosingRecord c) =>
        new(c.Month, c.ClosedAt, c.ClosedBy, c.Position.ToString(), c.EvaluatedOn, c.ContentHash);
}

public sealed record ResponsibleEventView(long Version, string Type, LocalDate BusinessDate, Instant RecordedAt, string RecordedBy);

public sealed record CaseRevisionView(Guid CaseId, IReadOnlyList<ResponsibleEventView> Events);

public sealed record FigureRevisionView(
    string DefinitionId, int DefinitionVersion, string? Breakdown, string? BreakdownValue,
    CohortFigures? Published, CohortFigures? Current, IReadOnlyList<CaseRevisionView> Cases);

/// <summary>A closed month's revisions: whether its published content still matches its hash, and every figure moved since.</summary>
public sealed record RevisionsView(ClosingView Closing, bool ContentHashIntact, LocalDate EvaluatedOn, IReadOnlyList<FigureRevisionView> Figures);

/// <summary>
/// Monthly closings: an admin closes a month (its figures frozen with the log position and a content hash, the same as
/// <c>parcours close-month</c>); the insertion service and auditors list closings and read a month's revisions (published
/// value, current value, the cases that changed and the events responsible, as <c>parcours revisions</c>).
/// </summary>
public static class ClosingEndpoints
{
    public static RouteGroupBuilder MapClosings(this RouteGroupBuilder departement)
    {
        departement.MapPost("/closings/{month}", async (string dep, string month, HttpContext http, ReadModels models) =>
            {
                if (Month(month) is not { } closed) return BadMonth(month);
                try
                {
                    var closing = await models.Closings.CloseMonthAsync(TenantId.Parse(dep), closed, http.User.Actor(), http.RequestAborted);
                    return TypedResults.Created($"/api/departements/{dep}/closings/{month}", ClosingView.From(closing));
                }
                catch (ClosingException e)
                {
                    return Refused(e);
                }
            })
            .WithName("CloseMonth").WithSummary("Clore un mois : figer ses chiffres publiés (position du journal, empreinte)")
            .Produces<ClosingView>(StatusCodes.Status201Created).RequireRoles(ParcoursRoles.InsertionService, ParcoursRoles.Admin);

        departement.MapGet("/closings", async (string dep, HttpContext http, ReadModels models) =>
                TypedResults.Ok((await models.Closings.ListAsync(TenantId.Parse(dep), http.RequestAborted)).Select(ClosingView.From).ToList()))
            .WithName("ListClosings").WithSummary("Mois clos").Produces<IReadOnlyList<ClosingView>>()
            .RequireRoles(ParcoursRoles.InsertionService, ParcoursRoles.Auditor, ParcoursRoles.Admin);

        departement.MapGet("/closings/{month}/revisions", async (string dep, string month, HttpContext http, ReadModels models) =>
            {
                if (Month(month) is not { } closed) return BadMonth(month);
                var tenant = TenantId.Parse(dep);
                try
                {
                    var verification = await models.Closings.VerifyClosingAsync(tenant, closed, http.RequestAborted);
                    var revisions = await models.Closings.RevisionsAsync(tenant, closed, http.RequestAborted);
                    return TypedResults.Ok(new RevisionsView(
                        ClosingView.From(revisions.Closing), verification.IsIntact, revisions.EvaluatedOn,
                        [.. revisions.Figures.Select(f => new FigureRevisionView(
                            f.DefinitionId, f.DefinitionVersion, f.Key.Breakdown?.ToString(), f.Key.Value, f.Published, f.Current,
                            [.. f.Cases.Select(c => new CaseRevisionView(c.CaseId.Value,
                                [.. c.Events.Select(e => new ResponsibleEventView(e.Version, e.Type, e.BusinessDate, e.RecordedAt, e.RecordedBy))]))]))]));
                }
                catch (ClosingException e)
                {
                    return Refused(e);
                }
            })
            .WithName("GetRevisions").WithSummary("Révisions d'un mois clos : chiffres publiés et actuels, dossiers et événements en cause")
            .Produces<RevisionsView>().RequireRoles(ParcoursRoles.InsertionService, ParcoursRoles.Auditor);
        return departement;
    }

    private static YearMonth? Month(string text) => YearMonthPattern.Iso.Parse(text) is { Success: true } parsed ? parsed.Value : null;

    private static IResult BadMonth(string month) =>
        Problems.Result(StatusCodes.Status400BadRequest, "month.invalid", $"« {month} » n'est pas un mois valide : format attendu AAAA-MM (par exemple 2025-03).");

    private static IResult Refused(ClosingException e) => Problems.Result(
        e.Code switch
        {
            "month-already-closed" => StatusCodes.Status409Conflict,
            "month-not-closed" => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        "closing." + e.Code, e.Message);
}
