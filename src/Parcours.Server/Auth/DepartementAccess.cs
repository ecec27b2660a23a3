using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parcours.EventStore;

namespace Parcours.Server.Auth;

/// <summary>
/// The rule of every <c>/api/departements/{dep}/…</c> endpoint: the caller's token is for département <c>{dep}</c>
/// (else 403 <c>auth.wrong-departement</c>, whatever exists there) and carries one of the endpoint's roles (else 403
/// <c>auth.role-forbidden</c>). The département is checked first, so a token of another département learns nothing
/// of what its role could do there.
/// </summary>
public sealed class DepartementAccess(IReadOnlyList<string> roles) : IAuthorizationRequirement
{
    public const string RouteValue = "dep";

    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>Why access was refused, with the stable problem code.</summary>
public sealed class AccessDenied(IAuthorizationHandler handler, string code, string message) : AuthorizationFailureReason(handler, message)
{
    public const string WrongDepartement = "auth.wrong-departement";
    public const string RoleForbidden = "auth.role-forbidden";

    public string Code { get; } = code;
}

public sealed class DepartementAccessHandler : AuthorizationHandler<DepartementAccess>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DepartementAccess requirement)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true) return Task.CompletedTask;
        if (context.Resource is HttpContext http && http.GetRouteValue(DepartementAccess.RouteValue) is string dep)
        {
            var tenant = user.Tenant();
            if (tenant is null || !TenantId.TryParse(dep, out var requested) || requested != tenant)
            {
                context.Fail(new AccessDenied(this, AccessDenied.WrongDepartement,
                    tenant is null
                        ? "Ce jeton n'est rattaché à aucun département."
                        : $"Ce jeton est celui du département {tenant.Value.Code} : il ne donne accès à rien du département « {dep} »."));
                return Task.CompletedTask;
            }
        }
        if (!user.Roles().Intersect(requirement.Roles).Any())
        {
            context.Fail(new AccessDenied(this, AccessDenied.RoleForbidden,
                $"Cette opération est réservée au(x) rôle(s) {string.Join(", ", requirement.Roles)} ; ce jeton a le rôle {string.Join(", ", user.Roles())}."));
            return Task.CompletedTask;
        }
        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

public static class DepartementAccessExtensions
{
    /// <summary>Admits callers of <paramref name="roles"/> whose token is for the route's département.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new DepartementAccess(roles)).Build());
}
