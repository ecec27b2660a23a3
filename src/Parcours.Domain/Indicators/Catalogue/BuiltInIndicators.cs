namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>The definitions Parcours ships, by set. Each is documented in docs/indicators.md under its id.</summary>
public static class BuiltInIndicators
{
    /// <summary>The six CALPAE rows and the three figures reported beside them.</summary>
    public static IReadOnlyList<IndicatorDefinition> Calpae2019 { get; } =
    [
        CalpaeRow1NewEntrants.Definition,
        CalpaeRow2OrientationDelay.Definition,
        CalpaeRow3FirstAppointments.Definition,
        CalpaeRow4AppointmentDelay.Definition,
        CalpaeRow5FirstContracts.Definition,
        CalpaeRow6ContractDelay.Definition,
        CalpaeMeanOrientationDelay.Definition,
        CalpaeOrientationRate.Definition,
        CalpaeContractRate.Definition,
    ];

    /// <summary>The delays of the loi pour le plein emploi (décret 2024-1244).</summary>
    public static IReadOnlyList<IndicatorDefinition> PleinEmploi2025 { get; } =
    [
        PleinEmploiOrientationDelay.Definition,
        PleinEmploiContractDelay.Definition,
    ];

    /// <summary>The two delay rates of rdv-insertion, computed the way it does.</summary>
    public static IReadOnlyList<IndicatorDefinition> RdvInsertion { get; } =
    [
        RdvInsertionOrientationDelay.Definition,
        RdvInsertionAccompanimentDelay.Definition,
    ];

    public static IReadOnlyList<IndicatorDefinition> All { get; } = [.. Calpae2019, .. PleinEmploi2025, .. RdvInsertion];
}
