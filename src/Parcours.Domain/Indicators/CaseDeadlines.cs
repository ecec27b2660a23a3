using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators;

/// <summary>A window still open for a case: what is awaited, from when, and by which day at the latest.</summary>
/// <param name="LastDayOnTime">The last day the awaited step still counts as on time (the deadline, or the day before if exclusive).</param>
public sealed record UpcomingDeadline(
    string DefinitionId,
    string Label,
    Anchor? Awaited,
    int Episode,
    int Occurrence,
    LocalDate Start,
    LocalDate Deadline,
    LocalDate LastDayOnTime);

/// <summary>The next deadlines of a case under each definition: its pending windows, soonest first (case summary, work queue).</summary>
public static class CaseDeadlines
{
    public static IReadOnlyList<UpcomingDeadline> Next(
        IEnumerable<IndicatorDefinition> definitions, CaseId caseId, IReadOnlyList<RecordedPathwayEvent> events, LocalDate asOf)
    {
        var byId = definitions.ToDictionary(d => d.Id);
        return
        [
            .. IndicatorEngine.Evaluate(byId.Values, caseId, events, asOf)
                .Where(r => r is { Outcome: Outcome.Pending, Deadline: not null, Start: not null })
                .Select(r =>
                {
                    var definition = byId[r.DefinitionId];
                    return new UpcomingDeadline(
                        r.DefinitionId, definition.Label, definition.End, r.Episode, r.Occurrence, r.Start!.Value, r.Deadline!.Value,
                        definition.Threshold!.LastDayOnTime(r.Start.Value));
                })
                .OrderBy(d => d.LastDayOnTime).ThenBy(d => d.DefinitionId, StringComparer.Ordinal),
        ];
    }
}
