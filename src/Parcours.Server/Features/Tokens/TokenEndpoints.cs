using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Parcours.EventStore;
using Parcours.Server.Auth;
using Parcours.Server.Auth.ApiTokens;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Tokens;

public sealed record TokenView(Guid Id, string Name, string Role, string Departement, IReadOnlyList<string> Territories, Instant CreatedAt, Instant? RevokedAt)
{
    public static TokenView Of(ApiToken t) => new(t.Id, t.Name, t.Role, t.Tenant.Code, t.Territories, t.CreatedAt, t.RevokedAt);
}

/// <summary>The secret is in this answer only: it is never stored nor shown again.</summary>
public sealed record CreatedToken(TokenView Token, string Secret);

public sealed record CreateTokenRequest(string? Role, string? Name, string[]? Territories);

/// <summary>The API tokens of the département (admins): list, create (the secret is shown once), revoke.</summary>
public static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokens(this RouteGroupBuilder departement)
    {
        departement.MapGet("/tokens", async (string dep, ApiTokenStore store, HttpContext http) =>
                TypedResults.Ok((await store.ListAsync(TenantId.Parse(dep), http.RequestAborted)).Select(TokenView.Of).ToList()))
            .WithName("ListTokens").WithSummary("Jetons d'API du département").Produces<List<TokenView>>()
            .RequireRoles(ParcoursRoles.Admin);
        departement.MapPost("/tokens", async (string dep, CreateTokenRequest body, ApiTokenStore store, HttpContext http) =>
            {
                var fields = new RequestFields();
                if (string.IsNullOrWhiteSpace(body.Role)) fields.Add(new FieldError("role", "field.required", "Le champ « role » est obligatoire."));
                else if (!ParcoursRoles.IsKnown(body.Role))
                    fields.Add(new FieldError("role", "value.unknown", $"Rôle inconnu : « {body.Role} » (rôles : {string.Join(", ", ParcoursRoles.All)})."));
                else if (body.Territories is { Length: > 0 } && body.Role != ParcoursRoles.Manager)
                    fields.Add(new FieldError("territories", "value.invalid", "Seul un jeton de gestionnaire (manager) peut être limité à des territoires."));
                if (fields.HasErrors) return fields.Problem();
                var issued = await store.CreateAsync(body.Role!, TenantId.Parse(dep), body.Territories, body.Name, http.RequestAborted);
                return TypedResults.Created($"/api/departements/{dep}/tokens/{issued.Token.Id}", new CreatedToken(TokenView.Of(issued.Token), issued.Secret));
            })
            .WithName("CreateToken").WithSummary("Créer un jeton d'API (le secret n'est montré qu'une fois)").Produces<CreatedToken>(StatusCodes.Status201Created)
            .RequireRoles(ParcoursRoles.Admin);
        departement.MapDelete("/tokens/{tokenId:guid}", async (string dep, Guid tokenId, ApiTokenStore store, HttpContext http) =>
                await store.RevokeAsync(tokenId, TenantId.Parse(dep), http.RequestAborted)
                    ? Results.NoContent()
                    : Problems.Result(StatusCodes.Status404NotFound, "token.not-found", $"Aucun jeton actif {tokenId} dans ce département."))
            .WithName("RevokeToken").WithSummary("Révoquer un jeton d'API")
            .RequireRoles(ParcoursRoles.Admin);
        return departement;
    }
}
