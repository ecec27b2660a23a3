using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.Server.Auth;
using Parcours.Server.Features.Cases;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Identities;

/// <summary>Why an identity is read or erased: mandatory, written to the access log.</summary>
public sealed record IdentityReasonRequest(string? Reason);

/// <summary>
/// Who a case is (name, NIR, CAF number...): decrypted from the identity store only with a stated reason, which the store
/// writes to the access log in the same statement; the access log itself for auditors; erasure for admins. The insertion
/// service never reaches an identity. See docs/privacy.md.
/// </summary>
public static class IdentityEndpoints
{
    public static RouteGroupBuilder MapIdentities(this RouteGroupBuilder departement)
    {
        departement.MapGet("/cases/{caseId:guid}/identity", async (string dep, Guid caseId, string? reason, HttpContext http, IIdentityStore identities, CaseReader reader) =>
            {
                if (string.IsNullOrWhiteSpace(reason)) return ReasonRequired();
                var (_, problem) = await reader.LoadAsync(http, dep, caseId);
                if (problem is not null) return problem;
                var identity = await identities.ReadAsync(dep, new CaseId(caseId), new IdentityAccess(http.User.Actor(), reason.Trim()), http.RequestAborted);
                return identity is null
                    ? Problems.Result(StatusCodes.Status404NotFound, "identity.not-found",
                        "Ce dossier n'a pas d'identité enregistrée, ou elle a été effacée (fin de conservation ou demande).")
                    : TypedResults.Ok(identity);
            })
            .WithName("GetIdentity").WithSummary("Identité d'un dossier (motif obligatoire, inscrit au journal des accès)")
            .Produces<PersonIdentity>().RequireRoles(ParcoursRoles.Manager, ParcoursRoles.Auditor);

        departement.MapPost("/cases/{caseId:guid}/identity/erasure", async (string dep, Guid caseId, IdentityReasonRequest body, HttpContext http, IIdentityStore identities) =>
            {
                if (string.IsNullOrWhiteSpace(body.Reason)) return ReasonRequired();
                var erased = await identities.EraseAsync(dep, new CaseId(caseId), new IdentityAccess(http.User.Actor(), body.Reason.Trim()), http.RequestAborted);
                return erased
                    ? TypedResults.NoContent()
                    : Problems.Result(StatusCodes.Status404NotFound, "identity.not-found", "Aucune identité à effacer pour ce dossier (absente ou déjà effacée).");
            })
            .WithName("EraseIdentity").WithSummary("Effacer l'identité d'un dossier (sa clé est détruite ; événements et indicateurs intacts)")
            .RequireRoles(ParcoursRoles.Admin);

        departement.MapGet("/access-log", async (string dep, Guid? caseId, string? actor, string? from, string? to, HttpContext http, PostgresIdentityStore identities) =>
            {
                var fields = new RequestFields();
                var since = Instant(fields, "from", from);
                var until = Instant(fields, "to", to);
                if (fields.HasErrors) return fields.Problem();
                var entries = await identities.AccessLogAsync(dep, new IdentityAccessFilter(
                    caseId is { } id ? new CaseId(id) : null, string.IsNullOrWhiteSpace(actor) ? null : actor.Trim(), null, since, until), http.RequestAborted);
                return TypedResults.Ok(entries);
            })
            .WithName("GetAccessLog").WithSummary("Journal des accès aux identités (qui, quand, quel dossier, pourquoi)")
            .Produces<IReadOnlyList<IdentityAccessEntry>>().RequireRoles(ParcoursRoles.Auditor);
        return departement;
    }

    private static IResult ReasonRequired() =>
        Problems.Result(StatusCodes.Status400BadRequest, "identity.reason-required",
            "Indiquez le motif de l'accès à l'identité (paramètre ou champ « reason ») : il est inscrit au journal des accès.");

    private static Instant? Instant(RequestFields fields, string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parsed = InstantPattern.ExtendedIso.Parse(text.Trim());
        if (parsed.Success) return parsed.Value;
        fields.Add(new FieldError(name, "instant.invalid", $"« {text} » n'est pas un instant (AAAA-MM-JJTHH:MM:SSZ)."));
        return null;
    }
}
