using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Profiles;

/// <summary>The right itself, household by household: how the département learns of entries, suspensions and closures.</summary>
public sealed record RightParameters
{
    /// <summary>Day of the month of the monthly CAF batch (the 20th in Haute-Garonne).</summary>
    public int CafBatchDay { get; init; } = 20;

    /// <summary>Entries known from the daily CAF flux, a few days after the application (the rest wait for the monthly batch).</summary>
    public double DailyFluxShare { get; init; } = 0.15;
    public DelayDistribution DailyFluxDelay { get; init; } = DelayDistribution.Between(2, 9);

    /// <summary>Entries recorded by hand by a GSB, and entries imported (file transferred from another département).</summary>
    public double ManualEntryShare { get; init; } = 0.03;
    public double ImportedEntryShare { get; init; } = 0.02;
    public DelayDistribution ManualEntryDelay { get; init; } = DelayDistribution.Between(5, 40);

    /// <summary>Households of two people soumis aux droits et devoirs (applicant DEM and partner CJT).</summary>
    public double CoupleShare { get; init; } = 0.15;

    /// <summary>How long before the start the stock entered.</summary>
    public DelayDistribution StockSeniority { get; init; } = DelayDistribution.Of(
        new DayRange(20, 365, 0.30), new DayRange(366, 1095, 0.35), new DayRange(1096, 3000, 0.35));

    /// <summary>From the start, how long the stock stays before its right is closed.</summary>
    public DelayDistribution StockRemaining { get; init; } = DelayDistribution.Of(
        new DayRange(10, 365, 0.35), new DayRange(366, 1095, 0.40), new DayRange(1096, 2500, 0.25));

    /// <summary>From entry to closure of the right, for new entrants and re-entrants.</summary>
    public DelayDistribution SpellLength { get; init; } = DelayDistribution.Of(
        new DayRange(60, 180, 0.20), new DayRange(181, 540, 0.35), new DayRange(541, 1460, 0.30), new DayRange(1461, 3000, 0.15));

    public double ReentryShare { get; init; } = 0.25;
    public DelayDistribution ReentryGap { get; init; } = DelayDistribution.Of(new DayRange(60, 365, 0.6), new DayRange(366, 900, 0.4));

    /// <summary>Episodes with a suspension; what becomes of it (resumed, closed, or re-entry after more than a year).</summary>
    public double SuspensionShare { get; init; } = 0.12;
    public double SuspensionClosedShare { get; init; } = 0.20;
    public double SuspensionLongShare { get; init; } = 0.10;
    public DelayDistribution ShortSuspension { get; init; } = DelayDistribution.Between(30, 120);
    public DelayDistribution SuspensionBeforeClosure { get; init; } = DelayDistribution.Between(60, 125);
    public DelayDistribution LongSuspension { get; init; } = DelayDistribution.Between(367, 600);

    /// <summary>People not soumis aux droits et devoirs at entry who become so later (and then follow a pathway).</summary>
    public double BecomeSubjectShare { get; init; } = 0.30;
    public DelayDistribution BecomeSubjectDelay { get; init; } = DelayDistribution.Between(30, 300);
}
