namespace Parcours.Domain.Indicators.Aggregation;

/// <summary>The published figures of one cohort month (or one breakdown value within it).</summary>
/// <param name="Numerator">Members met (those counted under the maturity rule).</param>
/// <param name="Denominator">Members counted: met + missed, plus pending when pending members stay in the denominator.</param>
/// <param name="Rate">Numerator / denominator in [0, 1]; null when the denominator is 0 ("non calculable", never 0 %).</param>
/// <param name="MeanDelayDays">Mean delay in days over the counted members with an end event; null when there are none.</param>
/// <param name="MedianDelayDays">Median of the same delays (mean of the two middle values for an even count).</param>
/// <param name="Pending">Members whose window is still open (left out of the denominator when immature members are left out).</param>
/// <param name="Excluded">Members excluded with a reason (negative delay, interrupted, exit before the deadline).</param>
/// <param name="Provisional">True while some members are pending: the figure can still change.</param>
public sealed record CohortFigures(
    int Numerator,
    int Denominator,
    decimal? Rate,
    decimal? MeanDelayDays,
    decimal? MedianDelayDays,
    int Pending,
    int Excluded,
    bool Provisional);
