using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators;

/// <summary>The figures a definition publishes (all are computed; this says which a report shows).</summary>
[Flags]
public enum Statistics
{
    Count = 1,
    Rate = 2,
    MeanDelay = 4,
    MedianDelay = 8,
    All = Count | Rate | MeanDelay | MedianDelay,
}

/// <summary>How members whose window is still open on the as-of date are treated.</summary>
public enum MaturityRule
{
    /// <summary>
    /// Pending members stay in the denominator and make their cohort provisional; a member who already met the
    /// target counts at once (CALPAE, décret 2025).
    /// </summary>
    PendingInDenominator,

    /// <summary>
    /// Members whose window has not fully elapsed are left out of numerator and denominator, even if already met
    /// (rdv-insertion), so early successes do not inflate the rate.
    /// </summary>
    ImmatureLeftOut,

    /// <summary>A stock at the as-of date: has the end event happened by then, yes or no. Nobody is pending.</summary>
    Snapshot,
}

/// <summary>A dimension a cohort can be split by.</summary>
public enum Breakdown
{
    /// <summary>The territorial direction carried by the entry.</summary>
    Territory,

    /// <summary>The track of the orientation decision the measurement is about (or the first of the episode).</summary>
    Track,

    /// <summary>The organisation of that orientation decision.</summary>
    Organisation,
}

/// <summary>
/// A versioned indicator definition: data, not code. Two results can only be compared when they share
/// <see cref="Id"/> and <see cref="Version"/>; any change of meaning is a new version.
/// </summary>
public sealed record IndicatorDefinition
{
    /// <summary>Stable kebab-case identifier; also the anchor of the definition's section in docs/indicators.md.</summary>
    public required string Id { get; init; }

    public required int Version { get; init; }

    /// <summary>The label shown to analysts, in French.</summary>
    public required string Label { get; init; }

    /// <summary>Where the definition comes from (convention, law, tool), in words.</summary>
    public required string Source { get; init; }

    public PopulationFilter Population { get; init; } = PopulationFilter.NewEntrantsSubjectAtEntry;

    public required Anchor Start { get; init; }

    public Occurrence StartOccurrence { get; init; } = Occurrence.First;

    /// <summary>The end of the measurement; null for a plain count of starts (CALPAE row 1).</summary>
    public Anchor? End { get; init; }

    /// <summary>The contract kinds that count when an anchor is <see cref="Anchor.ContractSigned"/>.</summary>
    public IReadOnlySet<ContractKind> ContractKinds { get; init; } = AllContractKinds;

    /// <summary>The deadline; null when the definition only counts whether the end happened.</summary>
    public Threshold? Threshold { get; init; }

    /// <summary>
    /// Which anchor's month a member counts in: <see cref="Anchor.EntryKnownOn"/>, <see cref="Anchor.ApplicationDate"/>
    /// or the start anchor (so that it always exists). Null for snapshots, which count in the as-of month.
    /// </summary>
    public Anchor? Cohort { get; init; }

    public Statistics Statistics { get; init; } = Statistics.All;

    public MaturityRule Maturity { get; init; } = MaturityRule.PendingInDenominator;

    public IReadOnlyList<Breakdown> Breakdowns { get; init; } = [Breakdown.Territory, Breakdown.Track, Breakdown.Organisation];

    public static IReadOnlySet<ContractKind> AllContractKinds { get; } =
        new HashSet<ContractKind>(Enum.GetValues<ContractKind>());

    public override string ToString() => $"{Id} v{Version}";
}
