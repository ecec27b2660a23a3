namespace Parcours.Domain.Indicators.Aggregation;

/// <summary>
/// The running counts of one cohort cell. <see cref="Add"/> and <see cref="Remove"/> are exact inverses, so a
/// projection can replace a person's previous results with new ones; the figures are a pure function of the
/// multiset of results added.
/// </summary>
public sealed class CohortTally(MaturityRule maturity)
{
    /// <summary>How many counted members have each delay (sorted only when a median is asked: adds far outnumber reads).</summary>
    private readonly Dictionary<int, int> delays = [];
    private int met;
    private int missed;
    private int pending;
    private int excluded;
    private long delaySum;
    private int delayCount;

    public MaturityRule Maturity => maturity;

    public void Add(IndicatorResult result) => Apply(result, +1);

    public void Remove(IndicatorResult result) => Apply(result, -1);

    /// <summary>Adds every result <paramref name="other"/> was given, as if they had been added here one by one.</summary>
    public void Merge(CohortTally other)
    {
        if (other.Maturity != maturity) throw new ArgumentException("Tallies of different maturity rules cannot be merged.", nameof(other));
        met += other.met;
        missed += other.missed;
        pending += other.pending;
        excluded += other.excluded;
        delaySum += other.delaySum;
        delayCount += other.delayCount;
        foreach (var (delay, count) in other.delays) CountDelay(delay, count);
    }

    public bool IsEmpty => met == 0 && missed == 0 && pending == 0 && excluded == 0;

    public CohortFigures Figures()
    {
        var denominator = met + missed + (maturity == MaturityRule.ImmatureLeftOut ? 0 : pending);
        return new CohortFigures(
            met,
            denominator,
            denominator == 0 ? null : (decimal)met / denominator,
            delayCount == 0 ? null : (decimal)delaySum / delayCount,
            Median(),
            pending,
            excluded,
            Provisional: pending > 0);
    }

    private void Apply(IndicatorResult result, int sign)
    {
        var outcome = Classify(result);
        switch (outcome)
        {
            case Outcome.Met: met += sign; break;
            case Outcome.Missed: missed += sign; break;
            case Outcome.Pending: pending += sign; break;
            case Outcome.Excluded: excluded += sign; break;
            default: return;
        }
        if (outcome is Outcome.Met or Outcome.Missed && result.DelayDays is { } delay)
        {
            delaySum += sign * delay;
            delayCount += sign;
            CountDelay(delay, sign);
        }
    }

    /// <summary>Changes how many members have <paramref name="delay"/>; a delay nobody has any more is dropped.</summary>
    private void CountDelay(int delay, int by)
    {
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(delays, delay, out _);
        count += by;
        if (count == 0) delays.Remove(delay);
    }

    /// <summary>Under <see cref="MaturityRule.ImmatureLeftOut"/>, any member whose window is still open counts as pending.</summary>
    private Outcome Classify(IndicatorResult result) =>
        maturity == MaturityRule.ImmatureLeftOut && !result.Mature && result.Outcome is Outcome.Met or Outcome.Missed
            ? Outcome.Pending
            : result.Outcome;

    private decimal? Median()
    {
        if (delayCount == 0) return null;
        var sorted = delays.Keys.ToArray();
        Array.Sort(sorted);
        var lower = ValueAt(sorted, (delayCount - 1) / 2);
        var upper = ValueAt(sorted, delayCount / 2);
        return (lower + upper) / 2m;
    }

    /// <summary>The delay at <paramref name="index"/> in the sorted multiset of delays (<paramref name="sorted"/>: its distinct values).</summary>
    private int ValueAt(int[] sorted, int index)
    {
        var seen = 0;
        foreach (var delay in sorted)
        {
            seen += delays[delay];
            if (index < seen) return delay;
        }
        throw new InvalidOperationException("Delay index out of range.");
    }
}
