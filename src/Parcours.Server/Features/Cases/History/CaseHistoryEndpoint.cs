using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Parcours.Application;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Server.Auth;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Cases.History;

/// <summary>One event of a case as an auditor sees it.</summary>
/// <param name="Status">standing, corrected (a later correction replaces its value), retracted; "correction" or "retraction" for those events.</param>
/// <param name="Chain">intact, or broken from the first version whose hash does not hold.</param>
/// <param name="ImportedAt">Set for history imported from older software: when it was appended here (RecordedAt is then the original instant).</param>
/// <param name="CorrelationId">The correlation id of the request that recorded the event (X-Correlation-Id), if any.</param>
public sealed record HistoryEntry(
    long Version, string Type, LocalDate BusinessDate, Instant RecordedAt, string RecordedBy, Instant? ImportedAt,
    JsonElement Data, long? Targets, IReadOnlyList<long> CorrectedBy, long? RetractedBy, string Status, string Chain,
    Guid? CorrelationId = null);

public sealed record CaseHistory(Guid CaseId, long Version, bool ChainIntact, string? ChainProblem, IReadOnlyList<HistoryEntry> Events);

/// <summary>
/// GET every event of a case, auditors only: business date, recorded instant, actor, what corrects or retracts what,
/// and whether the hash chain holds (recomputed from the stored rows on each call).
/// </summary>
public static class CaseHistoryEndpoint
{
    private static readonly JsonSerializerOptions EventJson = PathwayEventStore.CreateJsonOptions();

    public static RouteGroupBuilder MapCaseHistory(this RouteGroupBuilder departement)
    {
        departement.MapGet("/cases/{caseId:guid}/history", async (string dep, Guid caseId, HttpContext http, ReportingReads reads) =>
            {
                var store = reads.Models.Store;
                var tenant = TenantId.Parse(dep);
                var stream = new StreamId(caseId);
                var stored = await store.ReadStreamAsync(tenant, stream, cancellationToken: http.RequestAborted);
                if (stored.Count == 0) return Recording.CaseRecorder.CaseNotFound(new CaseId(caseId));
                var verification = await store.VerifyAsync(tenant, stream, http.RequestAborted);
                var broken = verification.BrokenStreams.FirstOrDefault();
                return TypedResults.Ok(new CaseHistory(caseId, stored[^1].Version, broken is null, broken?.Reason,
                    Entries(stored, broken?.FirstBadVersion)));
            })
            .WithName("GetCaseHistory").WithSummary("Historique complet d'un dossier (audit)").Produces<CaseHistory>()
            .RequireRoles(ParcoursRoles.Auditor);
        return departement;
    }

    private static List<HistoryEntry> Entries(IReadOnlyList<StoredEvent> stored, long? firstBad)
    {
        var events = stored.Select(PathwayEventStore.ToRecorded).ToList();
        var corrections = events.Where(e => e.Event is StepCorrected).ToLookup(e => ((StepCorrected)e.Event).TargetVersion, e => e.Version);
        var retractions = events.Where(e => e.Event is StepRetracted).ToDictionary(e => ((StepRetracted)e.Event).TargetVersion, e => e.Version);
        return
        [
            .. stored.Zip(events, (s, e) =>
            {
                var targets = e.Event switch { StepCorrected c => c.TargetVersion, StepRetracted r => r.TargetVersion, _ => (long?)null };
                var correctedBy = corrections[e.Version].ToList();
                var retractedBy = retractions.TryGetValue(e.Version, out var retraction) ? retraction : (long?)null;
                var status = e.Event switch
                {
                    StepCorrected => "correction",
                    StepRetracted => "retraction",
                    _ when retractedBy is not null => "retracted",
                    _ when correctedBy.Count > 0 => "corrected",
                    _ => "standing",
                };
                return new HistoryEntry(
                    e.Version, s.TypeName, e.Event.BusinessDate, s.RecordedAt, s.RecordedBy, s.AppendedAt,
                    JsonSerializer.SerializeToElement(e.Event, e.Event.GetType(), EventJson),
                    targets, correctedBy, retractedBy, status, firstBad is { } bad && e.Version >= bad ? "broken" : "intact", s.CorrelationId);
            }),
        ];
    }
}
