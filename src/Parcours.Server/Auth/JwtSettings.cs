namespace Parcours.Server.Auth;

/// <summary>
/// JWTs from the département's identity provider (configuration section <c>Parcours:Auth:Jwt</c>). Unset authority:
/// only the embedded API tokens are accepted. The claim names say where the provider puts what Parcours needs; their
/// values are mapped onto <see cref="ParcoursClaims"/> once the token is validated.
/// </summary>
public sealed class JwtSettings
{
    public const string Section = "Parcours:Auth:Jwt";

    /// <summary>The issuer (its OpenID Connect metadata gives the signing keys), e.g. https://idp.departement31.fr/realms/parcours.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience the tokens must be issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>Claim carrying the Parcours role (manager, insertion-service, auditor, admin).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Claim carrying the département code.</summary>
    public string TenantClaim { get; set; } = "departement";

    /// <summary>Claim carrying the territories a manager is restricted to (repeated, or absent for the whole département).</summary>
    public string TerritoryClaim { get; set; } = "territories";

    /// <summary>Claim naming the person (recorded as the actor of events); the subject when absent.</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>Only for a development identity provider over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}
