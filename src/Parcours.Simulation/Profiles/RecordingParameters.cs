using NodaTime;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Profiles;

/// <summary>When steps reach Parcours: staff record during office hours (Europe/Paris), often days or weeks late.</summary>
public sealed record RecordingParameters
{
    public double SameDayShare { get; init; } = 0.20;
    public DelayDistribution LateDelay { get; init; } = DelayDistribution.Of(new DayRange(1, 7, 0.35), new DayRange(8, 30, 0.40), new DayRange(31, 120, 0.25));

    public LocalTime OfficeOpens { get; init; } = new(8, 30);
    public LocalTime OfficeCloses { get; init; } = new(18, 0);

    /// <summary>Nightly imports (CAF flux, transfers) run in this hour of the batch day.</summary>
    public LocalTime ImportRunsAt { get; init; } = new(6, 0);

    /// <summary>Steps first recorded with a wrong date and corrected later; steps recorded twice by mistake and retracted.</summary>
    public double CorrectionShare { get; init; } = 0.03;
    public DelayDistribution CorrectionDelay { get; init; } = DelayDistribution.Between(2, 90);
    public double RetractionShare { get; init; } = 0.005;
    public DelayDistribution RetractionDelay { get; init; } = DelayDistribution.Between(1, 30);
}
