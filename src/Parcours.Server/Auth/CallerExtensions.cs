using System.Security.Claims;
using Parcours.EventStore;

namespace Parcours.Server.Auth;

/// <summary>What the endpoints need to know of the authenticated caller.</summary>
public static class CallerExtensions
{
    /// <summary>The département the caller's token is for, or null (an unmapped JWT).</summary>
    public static TenantId? Tenant(this ClaimsPrincipal user) =>
        TenantId.TryParse(user.FindFirstValue(ParcoursClaims.Tenant), out var tenant) ? tenant : null;

    public static IReadOnlyList<string> Roles(this ClaimsPrincipal user) =>
        [.. user.FindAll(ParcoursClaims.Role).Select(c => c.Value)];

    /// <summary>The territories a manager is restricted to; empty: the whole département.</summary>
    public static IReadOnlySet<string> Territories(this ClaimsPrincipal user) =>
        user.FindAll(ParcoursClaims.Territory).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Who records: the token's name, or the JWT's name or subject. Stored with every event.</summary>
    public static string Actor(this ClaimsPrincipal user) =>
        user.FindFirstValue(ParcoursClaims.Actor) ?? throw new InvalidOperationException("An authenticated caller always has an actor claim.");

    /// <summary>Whether a manager restricted to some territories may see a case of <paramref name="territory"/>.</summary>
    public static bool MaySeeTerritory(this ClaimsPrincipal user, string? territory)
    {
        var allowed = user.Territories();
        return allowed.Count == 0 || (territory is not null && allowed.Contains(territory));
    }
}
