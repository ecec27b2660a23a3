using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Generation;

/// <summary>
/// Lays out every step of one person over the household's right episodes: the CAF's events (entry, suspension,
/// resumption, closure, re-entry), then, within each episode, the orientation pathway. Steps are listed so that
/// each comes after what it depends on.
/// </summary>
internal sealed class PersonPlanner(SimulationProfile profile, RightTimeline timeline, OrientationPlanner orientation, Actors actors)
{
    public List<PlannedEvent> Plan(IReadOnlyList<RightEpisode> episodes, string territory, SeededRandom random)
    {
        var planned = new List<PlannedEvent>();
        PlannedEvent? previousEnd = null;
        List<PlannedEvent>? waitingForCloser = null;
        foreach (var episode in episodes)
        {
            var gsb = actors.OrientationStaff(random);
            var subject = !random.Chance(profile.NotSubjectToRightsAndDutiesShare);
            var entry = Entry(episode, subject, territory, gsb, previousEnd);
            planned.Add(entry);
            waitingForCloser?.ForEach(step => step.Closer = entry);

            PlannedEvent? suspension = null, resumption = null;
            if (episode.SuspendedOn is { } suspendedOn)
                planned.Add(suspension = Caf(new RightSuspended(suspendedOn, random.Pick(Labels.Suspension)), suspendedOn, entry));
            if (episode.ResumedOn is { } resumedOn)
                planned.Add(resumption = Caf(new RightResumed(resumedOn), resumedOn, suspension!));

            PlannedEvent? anchor = entry;
            var start = episode.KnownOn;
            if (!subject)
            {
                anchor = null;
                if (random.Chance(profile.Right.BecomeSubjectShare))
                {
                    var changedOn = FirstOfMonthOnOrAfter(profile.Right.BecomeSubjectDelay.After(episode.KnownOn, random));
                    anchor = Caf(new RightsAndDutiesChanged(changedOn, true), changedOn, entry);
                    start = anchor.RecordOn!.Value; // the département can orient from the batch that tells it
                    anchor.Before = episode.StepsBefore;
                    if (episode.ResumedOn is { } back)
                    {
                        anchor.Blocked = (episode.SuspendedOn!.Value, back);
                        if (changedOn >= back) anchor.DependOn(resumption!);
                    }
                    planned.Add(anchor);
                }
            }

            var steps = anchor is null ? new List<PlannedEvent>() : orientation.Plan(anchor, start, territory, gsb, random).ToList();
            foreach (var step in steps)
            {
                step.Before = step.Before is { } before && before < episode.StepsBefore ? before : episode.StepsBefore;
                if (episode.ResumedOn is { } back)
                {
                    step.Blocked = (episode.SuspendedOn!.Value, back);
                    if (step.BusinessDate >= back) step.DependOn(resumption!);
                }
            }
            planned.AddRange(steps);

            waitingForCloser = null;
            if (episode.ExitOn is { } exitOn)
            {
                var exit = Caf(new RsaExited(exitOn, random.Pick(Labels.Closure)), exitOn.PlusDays(1), entry, suspension);
                planned.Add(exit);
                steps.ForEach(step => step.Closer = exit);
                previousEnd = exit;
            }
            else if (episode.End == EpisodeEnd.LongSuspension)
            {
                previousEnd = suspension;
                waitingForCloser = steps;
            }
        }
        return planned;
    }

    private PlannedEvent Entry(RightEpisode episode, bool subject, string territory, string gsb, PlannedEvent? previousEnd)
    {
        IPathwayEvent fact = episode.Ground is { } ground
            ? new RsaReentered(episode.ApplicationDate, episode.KnownOn, subject, episode.Source, territory, ground)
            : new RsaEntered(episode.ApplicationDate, episode.KnownOn, subject, episode.Source, territory);
        return episode.Source switch
        {
            EntrySource.Manual => new PlannedEvent(fact, RecorderKind.Staff, gsb, previousEnd) { IsRightEvent = true },
            EntrySource.Import => new PlannedEvent(fact, RecorderKind.Machine, Actors.Import, previousEnd) { IsRightEvent = true, RecordOn = episode.KnownOn },
            _ => new PlannedEvent(fact, RecorderKind.Machine, Actors.CafFlux, previousEnd) { IsRightEvent = true, RecordOn = episode.KnownOn },
        };
    }

    /// <summary>A change the CAF reports: recorded with the first monthly batch on or after <paramref name="knownFrom"/>.</summary>
    private PlannedEvent Caf(IPathwayEvent fact, LocalDate knownFrom, params PlannedEvent?[] dependencies) =>
        new(fact, RecorderKind.Machine, Actors.CafFlux, dependencies) { IsRightEvent = true, RecordOn = timeline.BatchOnOrAfter(knownFrom) };

    private static LocalDate FirstOfMonthOnOrAfter(LocalDate date) =>
        date.Day == 1 ? date : date.With(DateAdjusters.StartOfMonth).PlusMonths(1);
}
