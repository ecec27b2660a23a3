using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators;

public enum Outcome
{
    /// <summary>The end event happened on time.</summary>
    Met,

    /// <summary>The window closed without an on-time end event (late, or never).</summary>
    Missed,

    /// <summary>No end event yet and the window is still open on the as-of date.</summary>
    Pending,

    /// <summary>A member of the population that is neither met nor missed; see <see cref="OutcomeReason"/>.</summary>
    Excluded,

    /// <summary>The episode is outside the definition's population (never in any figure).</summary>
    NotInPopulation,
}

public enum OutcomeReason
{
    /// <summary>Excluded: the end event is dated before the start (e.g. a contract dated before the orientation).</summary>
    NegativeDelay,

    /// <summary>Excluded: a new orientation decision interrupted the window before any end event (décret 2024-1244).</summary>
    Interrupted,

    /// <summary>Excluded: the person left the RSA before the deadline without the end event.</summary>
    ExitedBeforeDeadline,

    /// <summary>Not in population: not soumis aux droits et devoirs when the definition requires it.</summary>
    NotSubjectToRightsAndDuties,

    /// <summary>Not in population: the episode was closed on the as-of date (stock indicators).</summary>
    EpisodeClosed,

    /// <summary>Not in population: the start anchor has not happened (e.g. not oriented, for a delay from orientation).</summary>
    StartNotReached,
}

/// <summary>
/// What one definition says about one episode (and, for per-decision definitions, one orientation decision) of one
/// person on the as-of date: the verdict, the dates used, the delay, the cohort month, the breakdown keys and the
/// stream versions of the events behind those dates.
/// </summary>
/// <param name="Episode">1-based number of the episode in the person's stream.</param>
/// <param name="Occurrence">1-based number of the start occurrence (always 1 unless one window per decision).</param>
/// <param name="DelayDays">End minus start in calendar days (see <see cref="DayCount"/>); null without an end.</param>
/// <param name="Mature">Whether the window had fully elapsed on the as-of date (or the verdict is final without one).</param>
public sealed record IndicatorResult(
    CaseId CaseId,
    string DefinitionId,
    int DefinitionVersion,
    int Episode,
    int Occurrence,
    Outcome Outcome,
    OutcomeReason? Reason,
    LocalDate? Start,
    LocalDate? End,
    LocalDate? Deadline,
    int? DelayDays,
    YearMonth? Cohort,
    bool Mature,
    IReadOnlyDictionary<Breakdown, string?> BreakdownKeys,
    IReadOnlyList<long> SourceVersions);
