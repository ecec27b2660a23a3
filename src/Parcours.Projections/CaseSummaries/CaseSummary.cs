using NodaTime;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Evaluation;
using Parcours.Domain.Pathways;

namespace Parcours.Projections.CaseSummaries;

/// <summary>
/// What an orientation manager sees of a case at a glance: its current step, key dates of the current episode,
/// the orientation in force, and the windows it is still awaited in, soonest first.
/// </summary>
public sealed record CaseSummary(
    CaseId CaseId,
    string Tenant,
    long Version,
    PathwayPhase Phase,
    int? Episode,
    LocalDate? ApplicationDate,
    LocalDate? EntryDate,
    string? Territory,
    bool? SubjectToRightsAndDuties,
    LocalDate? FirstOrientedOn,
    Track? Track,
    string? Organisation,
    string? Referent,
    LocalDate? NotifiedOn,
    LocalDate? FirstAppointmentFixedOn,
    LocalDate? FirstAppointmentFor,
    LocalDate? FirstContractSignedOn,
    ContractKind? FirstContractKind,
    LocalDate? ExitedOn,
    LocalDate? LastBusinessDate,
    Instant LastRecordedAt,
    IReadOnlyList<AwaitedStep> Awaited)
{
    /// <summary>The soonest window still awaited, if any.</summary>
    public AwaitedStep? NextDeadline => Awaited.Count == 0 ? null : Awaited[0];

    /// <summary>Whether any awaited step is already late on <paramref name="today"/> (the day after its last day on time).</summary>
    public bool IsOverdueOn(LocalDate today) => Awaited.Any(a => a.IsOverdueOn(today));

    /// <param name="timeline">The history's indicator timeline if the caller already built it (at any as-of day, without knownAt).</param>
    public static CaseSummary From(
        CaseId caseId, string tenant, IReadOnlyList<RecordedPathwayEvent> history, IEnumerable<IndicatorDefinition> deadlineDefinitions,
        PathwayTimeline? timeline = null)
    {
        var state = PathwayState.From(history);
        var episode = state.CurrentEpisode;
        var firstAppointment = episode?.Appointments.Values
            .Where(a => a.Kind == AppointmentKind.Accompaniment)
            .OrderBy(a => a.FixedOn).ThenBy(a => a.Version).FirstOrDefault();
        var firstContract = episode?.Contracts.OrderBy(c => c.SignedOn).ThenBy(c => c.Version).FirstOrDefault();
        var current = episode?.CurrentOrientation;
        return new CaseSummary(
            caseId,
            tenant,
            state.Version,
            state.Phase,
            episode?.Number,
            episode?.ApplicationDate,
            episode?.EntryDate,
            episode?.Territory,
            episode?.SubjectToRightsAndDuties,
            episode?.FirstOrientation?.DecidedOn,
            current?.Track,
            current?.Organisation,
            current?.Referent,
            current?.NotifiedOn,
            firstAppointment?.FixedOn,
            firstAppointment?.ScheduledFor,
            firstContract?.SignedOn,
            firstContract?.Kind,
            episode?.Exit?.On,
            state.LastBusinessDate,
            history.Count == 0 ? Instant.MinValue : history.Max(e => e.RecordedAt),
            AwaitedStep.Of(deadlineDefinitions, caseId, history, episode, timeline));
    }
}

/// <summary>
/// A window in which a step is still awaited: started, not ended, not excluded; either still open or already late.
/// It does not depend on the day it is computed (only on the events), so a summary never goes stale.
/// </summary>
public sealed record AwaitedStep(
    string DefinitionId,
    string Label,
    Anchor? Awaited,
    int Episode,
    int Occurrence,
    LocalDate Start,
    LocalDate Deadline,
    LocalDate LastDayOnTime,
    string? Organisation)
{
    /// <summary>Far enough that every window has closed: the outcome is then Met, Missed or Excluded, never Pending.</summary>
    private static readonly LocalDate EndOfTime = new(9999, 1, 1);

    public bool IsOverdueOn(LocalDate today) => today > LastDayOnTime;

    /// <summary>The awaited steps of the current episode under each definition that has an end step and a deadline.</summary>
    public static IReadOnlyList<AwaitedStep> Of(
        IEnumerable<IndicatorDefinition> definitions, CaseId caseId, IReadOnlyList<RecordedPathwayEvent> history, Episode? current,
        PathwayTimeline? timeline = null)
    {
        if (current is null) return [];
        var withDeadline = definitions.Where(d => d is { End: not null, Threshold: not null }).ToList();
        List<AwaitedStep>? awaited = null;
        foreach (var r in IndicatorEngine.Evaluate(withDeadline, caseId, timeline?.At(EndOfTime) ?? PathwayTimeline.Build(history, EndOfTime)))
        {
            if (r is not { Outcome: Outcome.Missed or Outcome.Pending, End: null, Start: { } start, Deadline: { } deadline } || r.Episode != current.Number) continue;
            var definition = withDeadline.First(d => d.Id == r.DefinitionId && d.Version == r.DefinitionVersion);
            (awaited ??= []).Add(new AwaitedStep(
                r.DefinitionId, definition.Label, definition.End, r.Episode, r.Occurrence, start, deadline,
                definition.Threshold!.LastDayOnTime(start), r.BreakdownKeys.GetValueOrDefault(Breakdown.Organisation)));
        }
        if (awaited is null) return [];
        awaited.Sort(static (a, b) =>
        {
            var byDay = a.LastDayOnTime.CompareTo(b.LastDayOnTime);
            return byDay != 0 ? byDay : string.CompareOrdinal(a.DefinitionId, b.DefinitionId);
        });
        return awaited;
    }
}
