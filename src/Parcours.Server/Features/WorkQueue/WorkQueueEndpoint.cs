using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Projections.WorkQueue;
using Parcours.Server.Auth;
using Parcours.Server.Features.Cases.Recording;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.WorkQueue;

public sealed record WorkQueueView(LocalDate Today, int WithinDays, IReadOnlyList<WorkItem> Items);

/// <summary>
/// GET the managers' queue: awaited steps late or due within <c>days</c> (default 14), most urgent first, optionally of
/// one territory, one organisation, some definitions. A manager restricted to territories only sees those.
/// </summary>
public static class WorkQueueEndpoint
{
    private const int MaxLimit = 5_000;

    public static RouteGroupBuilder MapWorkQueue(this RouteGroupBuilder departement)
    {
        departement.MapGet("/work-queue", async (string dep, int? days, string? territory, string? organisation, string[]? definition, int? limit,
                HttpContext http, ReadModels models, IClock clock) =>
            {
                var fields = new RequestFields();
                if (days is < 0 or > 366) fields.Add(new FieldError("days", "value.out-of-range", "« days » doit être compris entre 0 et 366."));
                if (limit is < 1 or > MaxLimit) fields.Add(new FieldError("limit", "value.out-of-range", $"« limit » doit être compris entre 1 et {MaxLimit}."));
                var known = models.Catalogue.Definitions.Select(d => d.Id).ToHashSet();
                foreach (var unknown in (definition ?? []).Where(d => !known.Contains(d)))
                    fields.Add(new FieldError("definition", "value.unknown", $"Indicateur inconnu : « {unknown} »."));
                if (fields.HasErrors) return fields.Problem();

                var view = await ListAsync(http.User, TenantId.Parse(dep), models, clock,
                    new WorkQueueFilter(days ?? 14, territory, string.IsNullOrWhiteSpace(organisation) ? null : organisation,
                        definition is { Length: > 0 } ? definition : null, limit ?? 500), http.RequestAborted);
                return view is null ? CaseRecorder.TerritoryForbidden() : TypedResults.Ok(view);
            })
            .WithName("GetWorkQueue").WithSummary("File de travail des gestionnaires : étapes en retard ou à échéance proche").Produces<WorkQueueView>()
            .RequireRoles(ParcoursRoles.Manager);
        return departement;
    }

    /// <summary>
    /// The queue as <paramref name="user"/> may see it (the API and the web pages both call this): a manager restricted
    /// to territories gets those only; null when the filter names a territory the user may not see.
    /// </summary>
    public static async Task<WorkQueueView?> ListAsync(
        ClaimsPrincipal user, TenantId tenant, ReadModels models, IClock clock, WorkQueueFilter filter, CancellationToken ct)
    {
        var allowed = user.Territories();
        var territory = filter.Territory;
        if (territory is not null && !user.MaySeeTerritory(territory)) return null;
        var territories = territory is not null ? [territory] : allowed.Count > 0 ? allowed.Order(StringComparer.Ordinal).ToArray() : new string?[] { null };
        var today = ParisCalendar.Today(clock);
        var items = new List<WorkItem>();
        foreach (var t in territories)
            items.AddRange(await models.WorkQueue.ListAsync(tenant, today, filter with { Territory = t }, ct));
        return new WorkQueueView(today, filter.WithinDays,
            [.. items.OrderBy(i => i.LastDayOnTime).ThenBy(i => i.CaseId.Value).ThenBy(i => i.DefinitionId, StringComparer.Ordinal).Take(filter.Limit)]);
    }
}
