using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Generation;

/// <summary>
/// The errors staff make and mend: a contract or diagnostic first recorded with a wrong date and corrected
/// later (<see cref="StepCorrected"/>), or recorded twice and the copy retracted (<see cref="StepRetracted"/>).
/// Only such leaf steps are touched (nothing depends on them), and the wrong date respects the same bounds as
/// the right one, so the stream stays valid before and after the fix.
/// </summary>
/// <param name="engagementContractFrom">A wrong date never crosses this day: the kind of contract depends on it.</param>
internal sealed class Mistakes(RecordingParameters recording, RecordingCalendar calendar, Instant end, LocalDate engagementContractFrom)
{
    public void Add(List<PlannedEvent> planned, SeededRandom random)
    {
        var candidates = planned.Where(p => !p.Dropped && p.Recorder == RecorderKind.Staff
            && p.Event is ContractSigned or DiagnosticCompleted).ToList();
        foreach (var step in candidates)
        {
            if (random.Chance(recording.CorrectionShare)) Correct(step, planned, random);
            else if (random.Chance(recording.RetractionShare)) Duplicate(step, planned, random);
        }
    }

    private void Correct(PlannedEvent step, List<PlannedEvent> planned, SeededRandom random)
    {
        if (WrongDateFor(step, random) is not { } wrong) return;
        var at = calendar.DuringOfficeHours(recording.CorrectionDelay.After(RecordingCalendar.DateOf(step.RecordedAt), random), random);
        if (!Fits(step, at)) return;
        var truth = (IPathwayStep)step.Event;
        step.Event = wrong;
        var correctedOn = RecordingCalendar.DateOf(at);
        planned.Add(new PlannedEvent(truth, RecorderKind.Staff, step.Actor, step)
        {
            Order = planned.Count,
            RecordedAt = at,
            Target = step,
            BuildWithTargetVersion = version => new StepCorrected(version, truth, Labels.WrongDate, correctedOn),
        });
    }

    /// <summary>
    /// The same step entered a second time, minutes later, with another date (an exact repetition would be taken
    /// as a double click and ignored), then retracted.
    /// </summary>
    private void Duplicate(PlannedEvent step, List<PlannedEvent> planned, SeededRandom random)
    {
        if (WrongDateFor(step, random) is not { } copyEvent) return;
        var copyAt = calendar.OfficeMomentAfter(step.RecordedAt, random);
        if (RecordingCalendar.DateOf(copyAt) < copyEvent.BusinessDate) return;
        var retractAt = calendar.DuringOfficeHours(recording.RetractionDelay.After(RecordingCalendar.DateOf(copyAt), random), random);
        if (retractAt <= copyAt || !Fits(step, retractAt)) return;
        var copy = new PlannedEvent(copyEvent, RecorderKind.Staff, step.Actor, step) { Order = planned.Count, RecordedAt = copyAt };
        planned.Add(copy);
        var retractedOn = RecordingCalendar.DateOf(retractAt);
        planned.Add(new PlannedEvent(copyEvent, RecorderKind.Staff, step.Actor, copy)
        {
            Order = planned.Count,
            RecordedAt = retractAt,
            Target = copy,
            BuildWithTargetVersion = version => new StepRetracted(version, Labels.Duplicate, retractedOn),
        });
    }

    /// <summary>The step with its date moved by up to 20 days, within the bounds the true date respects; null if none fits.</summary>
    private IPathwayStep? WrongDateFor(PlannedEvent step, SeededRandom random)
    {
        var truth = (IPathwayStep)step.Event;
        var wrong = truth.BusinessDate.PlusDays(random.Between(1, 20) * (random.Chance(0.5) ? 1 : -1));
        var lowest = step.Dependencies.Select(d => d.BusinessDate).DefaultIfEmpty(wrong).Max();
        if (wrong < lowest || wrong > RecordingCalendar.DateOf(step.RecordedAt) || (step.Before is { } before && wrong >= before)
            || (step.Blocked is { } blocked && wrong >= blocked.From && wrong < blocked.To)
            || (truth is ContractSigned && wrong >= engagementContractFrom != truth.BusinessDate >= engagementContractFrom))
            return null;
        return truth switch
        {
            ContractSigned c => c with { SignedOn = wrong },
            DiagnosticCompleted d => d with { On = wrong },
            _ => null,
        };
    }

    /// <summary>Before the end of the simulation and before the event that closes the step's episode.</summary>
    private bool Fits(PlannedEvent step, Instant at) =>
        at < end && at > step.RecordedAt && !(step.Closer is { Dropped: false } closer && at >= closer.RecordedAt);
}
