using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Parcours.EventStore;
using Parcours.Server.Auth.ApiTokens;

namespace Parcours.Server.Auth;

/// <summary>
/// Bearer authentication and the département/role authorisation. Two kinds of bearer are accepted: the embedded API
/// tokens (<c>pct_…</c>, issued by <c>parcours token create</c>) and, when <see cref="JwtSettings.Authority"/> is
/// configured, JWTs of the département's identity provider. Every endpoint requires an authenticated caller unless it
/// says <c>AllowAnonymous</c> (health probes, the API documentation page).
/// </summary>
public static class AuthSetup
{
    public const string BearerScheme = "ParcoursBearer";

    public static WebApplicationBuilder AddParcoursAuth(this WebApplicationBuilder builder)
    {
        var jwt = builder.Configuration.GetSection(JwtSettings.Section).Get<JwtSettings>() ?? new JwtSettings();
        builder.Services.AddSingleton(jwt);
        builder.Services.AddSingleton<ApiTokenStore>();
        builder.Services
            .AddAuthentication(BearerScheme)
            .AddPolicyScheme(BearerScheme, "Jeton d'API ou JWT", options => options.ForwardDefaultSelector = context =>
                jwt.IsConfigured && BearerToken.From(context.Request) is { } token && !token.StartsWith(ApiTokenStore.Prefix, StringComparison.Ordinal)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(options =>
            {
                options.Authority = jwt.Authority;
                options.Audience = jwt.Audience;
                options.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
                options.MapInboundClaims = false;
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        var mapped = MapJwtClaims(context.Principal!, jwt);
                        if (mapped.FindFirst(ParcoursClaims.Actor) is null) context.Fail("Le JWT ne nomme pas son porteur (ni nom, ni sub).");
                        else context.Principal!.AddIdentity(mapped);
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorization(options =>
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddSingleton<IAuthorizationHandler, DepartementAccessHandler>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return builder;
    }

    /// <summary>The provider's claims as Parcours reads them: known roles only, a valid département code only.</summary>
    public static ClaimsIdentity MapJwtClaims(ClaimsPrincipal principal, JwtSettings jwt)
    {
        var claims = new List<Claim>();
        var actor = principal.FindFirstValue(jwt.NameClaim) ?? principal.FindFirstValue("sub");
        if (actor is not null) claims.Add(new Claim(ParcoursClaims.Actor, actor));
        claims.AddRange(principal.FindAll(jwt.RoleClaim).Select(c => c.Value).Where(ParcoursRoles.IsKnown).Select(r => new Claim(ParcoursClaims.Role, r)));
        if (TenantId.TryParse(principal.FindFirstValue(jwt.TenantClaim), out var tenant)) claims.Add(new Claim(ParcoursClaims.Tenant, tenant.Code));
        claims.AddRange(principal.FindAll(jwt.TerritoryClaim).Select(c => new Claim(ParcoursClaims.Territory, c.Value)));
        return new ClaimsIdentity(claims, "Parcours", ParcoursClaims.Actor, ParcoursClaims.Role);
    }
}
