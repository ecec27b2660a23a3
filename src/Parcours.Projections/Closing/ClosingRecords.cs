using NodaTime;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Pathways;
using Parcours.EventStore;

namespace Parcours.Projections.Closing;

/// <summary>A closed month: who closed it, when, at which log position, as of which day, and the hash of its content.</summary>
/// <param name="Position">The global log position the figures were computed at: exactly the events at or before it.</param>
/// <param name="EvaluatedOn">The day the cohort figures were evaluated as of (the closing's date in Europe/Paris); snapshot
/// figures (no cohort anchor) are evaluated as of the month's last day.</param>
/// <param name="ContentHash">SHA-256 (lower-case hex) of the canonical serialisation, see <see cref="MonthClosing"/>.</param>
public sealed record ClosingRecord(
    TenantId Tenant, YearMonth Month, Instant ClosedAt, string ClosedBy, GlobalPosition Position, LocalDate EvaluatedOn, string ContentHash);

/// <summary>One frozen or current figure: a definition's overall cell (<see cref="CohortKey.Breakdown"/> null) or a breakdown cell.</summary>
public sealed record ClosedFigure(string DefinitionId, int DefinitionVersion, CohortKey Key, CohortFigures Figures);

/// <summary>What a verification found: the stored hash and the one recomputed from the stored rows.</summary>
public sealed record ClosingVerification(ClosingRecord Closing, string RecomputedHash)
{
    public bool IsIntact => RecomputedHash == Closing.ContentHash;
}

/// <summary>An event of a changed case recorded after the closing's position: one of the reasons the figure moved.</summary>
public sealed record ResponsibleEvent(long Version, string Type, LocalDate BusinessDate, Instant RecordedAt, string RecordedBy, GlobalPosition Position);

/// <summary>
/// A case whose results under one definition differ from the published ones: what was published, what holds now, and
/// the events recorded since the closing (none when only time passed: a window closed, pending became missed).
/// </summary>
public sealed record CaseRevision(
    CaseId CaseId, IReadOnlyList<IndicatorResult> Published, IReadOnlyList<IndicatorResult> Current, IReadOnlyList<ResponsibleEvent> Events);

/// <summary>A figure whose current value differs from the published one (null: the cell did not exist then, or does not now).</summary>
public sealed record FigureRevision(
    string DefinitionId, int DefinitionVersion, CohortKey Key, CohortFigures? Published, CohortFigures? Current, IReadOnlyList<CaseRevision> Cases);

/// <summary>The revisions of a closed month, as evaluated on <paramref name="EvaluatedOn"/> from the whole log.</summary>
public sealed record MonthRevisions(ClosingRecord Closing, LocalDate EvaluatedOn, IReadOnlyList<FigureRevision> Figures);

/// <summary>A closing refused (already closed, month not over, unknown month): the message is for users, in French.</summary>
public sealed class ClosingException(string code, string message) : Exception(message)
{
    /// <summary>Stable code, for an API's problem details: <c>month-already-closed</c>, <c>month-not-over</c>, <c>month-not-closed</c>.</summary>
    public string Code { get; } = code;
}
