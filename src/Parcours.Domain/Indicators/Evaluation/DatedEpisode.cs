using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators.Evaluation;

/// <summary>
/// One stay in the RSA seen by business dates (the indicators' view; the decider's own episode follows recording order): opened by an entry or re-entry (a new entrant each time), closed by an RSA exit.
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
    public bool IsOpenOn(LocalDate date) => ClosedOn is not { } closed || closed > date;

    /// <summary>SDD on <paramref name="date"/>: the entry's flag, then the latest change dated on or before it.</summary>
    public bool SubjectOn(LocalDate date) =>
        Steps.Where(s => s.Step is RightsAndDutiesChanged changed && changed.On <= date)
            .Select(s => (RightsAndDutiesChanged)s.Step)
            .LastOrDefault()?.SubjectToRightsAndDuties ?? SubjectAtEntry;
}
