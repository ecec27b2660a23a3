using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Generation;

/// <summary>
/// Gives each planned step the instant it reaches Parcours and the stream version that follows, keeping the stream
/// valid at every point: a step is recorded after what it depends on, before the event that closes its episode,
/// and before the end of the simulation; otherwise it is dropped, with what depends on it. Household events go
/// first, since they bound the others.
/// </summary>
internal sealed class EventRecorder(SimulationProfile profile)
{
    private readonly RecordingParameters _recording = profile.Recording;
    private readonly RecordingCalendar _calendar = new(profile.Recording);
    private readonly Instant _end = profile.Window.End;

    public IReadOnlyList<GeneratedEvent> Record(List<PlannedEvent> planned, SeededRandom random)
    {
        for (var i = 0; i < planned.Count; i++) planned[i].Order = i;
        foreach (var step in planned.Where(p => p.IsRightEvent)) Place(step, random);
        foreach (var step in planned.Where(p => !p.IsRightEvent)) Place(step, random);
        new Mistakes(_recording, _calendar, _end, profile.Contract.EngagementContractFrom).Add(planned, random);

        var kept = planned.Where(p => !p.Dropped).OrderBy(p => p.RecordedAt).ThenBy(p => p.Order).ToList();
        for (var i = 0; i < kept.Count; i++) kept[i].Version = i + 1;
        return kept.Select(p => new GeneratedEvent(
            p.Version,
            p.BuildWithTargetVersion is { } build ? build(p.Target!.Version) : p.Event,
            p.RecordedAt,
            p.Actor)).ToList();
    }

    private void Place(PlannedEvent step, SeededRandom random)
    {
        var date = step.BusinessDate;
        if (step.Dependencies.Any(d => d.Dropped && !d.Merged)
            || (step.Before is { } before && date >= before)
            || (step.Blocked is { } blocked && date >= blocked.From && date < blocked.To))
        {
            step.Dropped = true;
            return;
        }

        var at = step.Recorder == RecorderKind.Machine
            ? _calendar.DuringImport(step.RecordOn ?? date, random)
            : _calendar.DuringOfficeHours(random.Chance(_recording.SameDayShare) ? date : _recording.LateDelay.After(date, random), random);
        foreach (var dependency in step.Dependencies)
            if (at <= dependency.RecordedAt)
                at = step.Recorder == RecorderKind.Machine
                    ? dependency.RecordedAt.Plus(Duration.FromMinutes(random.Between(1, 10)))
                    : _calendar.OfficeMomentAfter(dependency.RecordedAt, random);

        if (at >= _end || (step.Closer is { Dropped: false } closer && at >= closer.RecordedAt))
        {
            step.Dropped = true;
            return;
        }
        step.RecordedAt = at;

        if (step.MayMergeInto is { } decision && RecordingCalendar.DateOf(decision.RecordedAt) >= date && random.Chance(0.5))
        {
            decision.Event = decision.Event switch
            {
                OrientationDecided d => d with { NotifiedOn = date },
                ReorientationDecided r => r with { NotifiedOn = date },
                var other => other,
            };
            step.Dropped = step.Merged = true;
        }
    }
}
