using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators.Evaluation;

/// <summary>
/// One stay in the RSA seen by business dates (the indicators' view; the decider's own episode follows recording order):
/// opened by an entry or re-entry (a new entrant each time), ended by an RSA exit (<see cref="ClosedOn"/>) or by the
/// next re-entry when it follows a suspension of more than a year (<see cref="ReplacedOn"/>).
/// Its steps are the effective steps (corrections folded, retractions removed) dated from its opening up to the
/// next opening; those dated after its exit are left out; steps dated before the very first opening belong to the
/// first episode, so that a step dated too early shows up as a negative delay instead of vanishing.
/// </summary>
public sealed record DatedEpisode(
    int Number,
    EffectiveStep Opening,
    LocalDate KnownOn,
    LocalDate ApplicationDate,
    bool SubjectAtEntry,
    string? Territory,
    LocalDate? ClosedOn,
    IReadOnlyList<EffectiveStep> Steps)
{
    /// <summary>
    /// The day the next episode opened, when this one had not been closed by an exit (a re-entry after a suspension of
    /// more than a year): from that day the person counts in the new episode only.
    /// </summary>
    public LocalDate? ReplacedOn { get; init; }

    /// <summary>The day the episode ended: its RSA exit, or else the re-entry that replaced it; null while it runs.</summary>
    public LocalDate? EndedOn => ClosedOn ?? ReplacedOn;

    public bool IsOpenOn(LocalDate date) => EndedOn is not { } ended || ended > date;

    /// <summary>SDD on <paramref name="date"/>: the entry's flag, then the latest change dated on or before it.</summary>
    public bool SubjectOn(LocalDate date) =>
        Steps.Where(s => s.Step is RightsAndDutiesChanged changed && changed.On <= date)
            .Select(s => (RightsAndDutiesChanged)s.Step)
            .LastOrDefault()?.SubjectToRightsAndDuties ?? SubjectAtEntry;
}
