using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>
/// The contracts the CALPAE rows count as "CER": the CER and, since 2025, the contrat d'engagement that replaced
/// it (so that a CALPAE-style report on 2025 data does not fall to zero). The PPAE is France Travail's own plan,
/// which the départements' CALPAE reports did not count as a CER.
/// </summary>
public static class CalpaeContracts
{
    public static IReadOnlySet<ContractKind> Kinds { get; } = new HashSet<ContractKind> { ContractKind.Cer, ContractKind.EngagementContract };
}
