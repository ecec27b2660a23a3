using NodaTime;
using Parcours.Simulation.Profiles;

namespace Parcours.Simulation.Generation;

/// <summary>
/// Numbers the people of a département: indexes [0, stock) are the initial stock, then each month's first entries
/// in turn. Knowing a person's index is enough to know its cohort, so any person can be generated alone.
/// </summary>
public sealed class PopulationLayout
{
    private readonly long[] _monthStarts;

    public PopulationLayout(SimulationProfile profile)
    {
        Stock = profile.InitialStock;
        _monthStarts = new long[profile.Months + 1];
        _monthStarts[0] = Stock;
        for (var m = 0; m < profile.Months; m++)
        {
            var month = profile.Window.Month(m);
            var factor = profile.Seasonality.Count == 12 ? profile.Seasonality[month.Month - 1] : 1.0;
            _monthStarts[m + 1] = _monthStarts[m] + (long)Math.Round(profile.MonthlyEntrants * factor, MidpointRounding.AwayFromZero);
        }
        Window = profile.Window;
    }

    public SimulationWindow Window { get; }
    public long Stock { get; }
    public long Count => _monthStarts[^1];

    /// <summary>First entries whose entry is known in the month at <paramref name="offset"/> from the start.</summary>
    public long EntrantsIn(int offset) => _monthStarts[offset + 1] - _monthStarts[offset];

    /// <summary>The month the person's first entry becomes known, or null for the initial stock.</summary>
    public YearMonth? EntryMonthOf(long index)
    {
        if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index));
        if (index < Stock) return null;
        // The last month whose first index is at most `index` (months without entrants share their start).
        int low = 0, high = _monthStarts.Length - 1;
        while (high - low > 1)
        {
            var middle = (low + high) / 2;
            if (_monthStarts[middle] <= index) low = middle; else high = middle;
        }
        return Window.Month(low);
    }

    /// <summary>Two adjacent indexes of the same cohort may form a couple: this is the first of the pair.</summary>
    public bool SameCohort(long a, long b) => b < Count && EntryMonthOf(a) == EntryMonthOf(b);
}
