using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Parcours.Server.Auth.ApiTokens;

/// <summary>
/// Authenticates <c>Authorization: Bearer pct_…</c> against <see cref="ApiTokenStore"/>: an unknown or revoked secret
/// fails; no bearer header yields no result (the caller is then challenged with 401).
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Request) is not { } secret) return AuthenticateResult.NoResult();
        var token = await tokens.FindActiveAsync(secret, Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("Jeton inconnu ou révoqué.");

        var identity = new ClaimsIdentity(
            [
                new Claim(ParcoursClaims.Actor, token.Name),
                new Claim(ParcoursClaims.Role, token.Role),
                new Claim(ParcoursClaims.Tenant, token.Tenant.Code),
                .. token.Territories.Select(t => new Claim(ParcoursClaims.Territory, t)),
            ],
            SchemeName, ParcoursClaims.Actor, ParcoursClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>The bearer credential of a request, if any.</summary>
internal static class BearerToken
{
    public static string? From(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}
