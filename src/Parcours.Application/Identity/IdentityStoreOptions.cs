using NodaTime;

namespace Parcours.Application.Identity;

/// <summary>Settings of the identity store.</summary>
public sealed record IdentityStoreOptions
{
    /// <summary>
    /// How long an identity is kept after its case's exit from the RSA: it is due for erasure from the exit date plus this
    /// period (that day included). Years, months and days only. Set it from the département's record of processing.
    /// </summary>
    public Period RetentionPeriod { get; init; } = Period.FromYears(2);
}
