using Microsoft.AspNetCore.Http;
using Parcours.Application;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Server.Auth;
using Parcours.Server.Features.Cases.Recording;

namespace Parcours.Server.Features.Cases;

/// <summary>
/// Loads one case of the route's département for a query, or the problem to answer instead: 404 when the département
/// has no such case (a case of another département reads as absent), 403 when a manager restricted to some territories
/// asks for a case of another territory.
/// </summary>
public sealed class CaseReader(EventStore.EventStore store)
{
    public async Task<(IReadOnlyList<RecordedPathwayEvent>? History, IResult? Problem)> LoadAsync(HttpContext http, string dep, Guid caseId)
    {
        var stored = await store.ReadStreamAsync(TenantId.Parse(dep), new StreamId(caseId), cancellationToken: http.RequestAborted);
        if (stored.Count == 0) return (null, CaseRecorder.CaseNotFound(new CaseId(caseId)));
        var history = stored.Select(PathwayEventStore.ToRecorded).ToList();
        return http.User.MaySeeTerritory(PathwayState.From(history).CurrentEpisode?.Territory)
            ? (history, null)
            : (null, CaseRecorder.TerritoryForbidden());
    }
}
