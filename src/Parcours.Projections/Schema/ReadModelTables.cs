namespace Parcours.Projections.Schema;

/// <summary>
/// The qualified names of the read model tables, live or under a suffix (a rebuild writes into <c>…_next</c> tables of
/// the same shape, then swaps them in). The projection code takes these names, so that a rebuild runs the very code
/// that keeps the live tables.
/// </summary>
public sealed record ReadModelTables(string Suffix)
{
    private const string S = ReadModelSchema.Name;

    /// <summary>The tables readers read and appends write.</summary>
    public static ReadModelTables Live { get; } = new("");

    /// <summary>Where a rebuild writes before the swap.</summary>
    public static ReadModelTables Next { get; } = new("_next");

    /// <summary>Written inside the append transaction (an append waits while a swap holds them).</summary>
    public static IReadOnlyList<string> InlineNames { get; } = ["case_summaries", "case_deadlines", "case_months"];

    /// <summary>Written by the indicator daemon.</summary>
    public static IReadOnlyList<string> AsynchronousNames { get; } = ["indicator_results", "indicator_cells", "dirty_cohorts", "case_reviews"];

    public static IReadOnlyList<string> AllNames { get; } = [.. InlineNames, .. AsynchronousNames];

    public string CaseSummaries => Qualified("case_summaries");
    public string CaseDeadlines => Qualified("case_deadlines");
    public string CaseMonths => Qualified("case_months");
    public string IndicatorResults => Qualified("indicator_results");
    public string IndicatorCells => Qualified("indicator_cells");
    public string DirtyCohorts => Qualified("dirty_cohorts");
    public string CaseReviews => Qualified("case_reviews");

    /// <summary>The schema-qualified name of one of <see cref="AllNames"/> under this suffix.</summary>
    public string Qualified(string name) => $"{S}.{name}{Suffix}";
}
