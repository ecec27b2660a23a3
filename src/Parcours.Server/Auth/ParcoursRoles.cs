namespace Parcours.Server.Auth;

/// <summary>
/// The four roles a token (or a JWT) carries. Each endpoint names the roles it admits; see docs/api.md for the table.
/// </summary>
public static class ParcoursRoles
{
    /// <summary>Gestionnaire d'orientation: records and reads the cases of its département, optionally of some territories only.</summary>
    public const string Manager = "manager";

    /// <summary>Service insertion: indicators and their pseudonymous drill-down; never a case's detail nor an identity.</summary>
    public const string InsertionService = "insertion-service";

    /// <summary>Auditeur: read-only history, time travel and hash-chain verification.</summary>
    public const string Auditor = "auditor";

    /// <summary>Administrateur: API tokens of its département.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Manager, InsertionService, Auditor, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}

/// <summary>The claims Parcours reads, whatever scheme authenticated the caller (API token or JWT, mapped on validation).</summary>
public static class ParcoursClaims
{
    public const string Role = "parcours:role";
    public const string Tenant = "parcours:tenant";
    public const string Territory = "parcours:territory";
    public const string Actor = "parcours:actor";
}
