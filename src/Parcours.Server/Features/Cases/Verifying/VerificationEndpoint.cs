using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parcours.EventStore;
using Parcours.Server.Auth;

namespace Parcours.Server.Features.Cases.Verifying;

public sealed record BrokenCase(Guid CaseId, long FirstBadVersion, BreakKind Kind, string Reason);

public sealed record VerificationResult(bool Intact, int CasesChecked, long EventsChecked, IReadOnlyList<BrokenCase> Broken);

/// <summary>GET the hash-chain verification of every case of the département (auditors): recomputed from the stored rows.</summary>
public static class VerificationEndpoint
{
    public static RouteGroupBuilder MapVerification(this RouteGroupBuilder departement)
    {
        departement.MapGet("/verification", async (string dep, HttpContext http, EventStore.EventStore store) =>
            {
                var report = await store.VerifyAsync(TenantId.Parse(dep), cancellationToken: http.RequestAborted);
                return TypedResults.Ok(new VerificationResult(report.IsIntact, report.StreamsChecked, report.EventsChecked,
                    [.. report.BrokenStreams.Select(b => new BrokenCase(b.StreamId.Value, b.FirstBadVersion, b.Kind, b.Reason))]));
            })
            .WithName("VerifyChains").WithSummary("Vérification des chaînes de hachage du département (audit)").Produces<VerificationResult>()
            .RequireRoles(ParcoursRoles.Auditor);
        return departement;
    }
}
