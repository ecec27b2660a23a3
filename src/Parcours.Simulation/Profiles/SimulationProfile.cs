using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Profiles;

/// <summary>
/// Everything that shapes one simulated département: its size, its period, its organisations and the rates and
/// delays of each step. Defaults describe Haute-Garonne as its public reports do (see <see cref="SimulationProfiles"/>);
/// override any part with <c>with</c>.
/// </summary>
public sealed record SimulationProfile
{
    public required string Name { get; init; }

    /// <summary>Département code of the tenant ("31", "2A", "974").</summary>
    public required string Tenant { get; init; }

    public YearMonth StartMonth { get; init; } = new(2023, 1);
    public int Months { get; init; } = 36;

    /// <summary>People in the RSA on the first day, who entered before the period (with their earlier steps).</summary>
    public int InitialStock { get; init; } = 36_000;

    /// <summary>First entries a month (people never seen before), before seasonality; re-entries come on top.</summary>
    public int MonthlyEntrants { get; init; } = 850;

    /// <summary>Twelve factors (January first) applied to <see cref="MonthlyEntrants"/>; they should average 1.</summary>
    public IReadOnlyList<double> Seasonality { get; init; } = [1.10, 1.00, 1.00, 0.95, 0.95, 0.90, 0.90, 0.85, 1.10, 1.10, 1.05, 1.10];

    public int Territories { get; init; } = 5;
    public int Mds { get; init; } = 30;
    public int FranceTravailAgencies { get; init; } = 12;
    public int InsertionAssociations { get; init; } = 6;

    /// <summary>Staff recording steps (GSB, référents): pseudonymous ids "gsb-31-007", "ref-31-0042".</summary>
    public int OrientationStaff { get; init; } = 40;
    public int Referents { get; init; } = 400;

    public IReadOnlyList<Weighted<Track>> TrackShares { get; init; } =
        [new(Track.Professional, 0.40), new(Track.Social, 0.32), new(Track.SocioProfessional, 0.28)];

    /// <summary>Share of people not soumis aux droits et devoirs at entry.</summary>
    public double NotSubjectToRightsAndDutiesShare { get; init; } = 0.03;

    public RightParameters Right { get; init; } = new();
    public OrientationParameters Orientation { get; init; } = new();
    public AccompanimentParameters Accompaniment { get; init; } = new();
    public ContractParameters Contract { get; init; } = new();
    public RecordingParameters Recording { get; init; } = new();

    public SimulationWindow Window => new(StartMonth, Months);
}
