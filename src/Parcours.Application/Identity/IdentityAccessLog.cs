using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Identity;

/// <summary>What was done with an identity.</summary>
public enum IdentityAccessAction
{
    /// <summary>Decrypted for someone (<see cref="IIdentityStore.ReadAsync"/>).</summary>
    Read,

    /// <summary>Its key destroyed, on request or at the end of the retention period.</summary>
    Erase,
}

/// <summary>One line of the access log: who did what to which case's identity, when, why, and whether there was one.</summary>
public sealed record IdentityAccessEntry(
    long Id,
    Instant At,
    string Tenant,
    CaseId Case,
    IdentityAccessAction Action,
    string Actor,
    string Reason,
    bool Found);

/// <summary>Which lines of a tenant's access log an auditor wants; every criterion is optional. <see cref="To"/> is exclusive.</summary>
public sealed record IdentityAccessFilter(
    CaseId? Case = null,
    string? Actor = null,
    IdentityAccessAction? Action = null,
    Instant? From = null,
    Instant? To = null,
    int Limit = 1_000);
