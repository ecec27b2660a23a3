namespace Parcours.Domain.Pathways;

/// <summary>A step as it stands after corrections: the value to use, and where it came from.</summary>
/// <param name="Version">Stream version at which the step was first recorded (its identity for corrections).</param>
/// <param name="Step">The current value: the original, or the replacement of the latest correction.</param>
/// <param name="Original">The step as first recorded.</param>
/// <param name="Corrections">Every correction applied to it, in the order recorded (the last one gives <see cref="Step"/>).</param>
public sealed record EffectiveStep(
    long Version,
    IPathwayStep Step,
    RecordedPathwayEvent Original,
    IReadOnlyList<RecordedPathwayEvent> Corrections)
{
    public bool IsCorrected => Corrections.Count > 0;
}

/// <summary>
/// Folds corrections and retractions into the steps they target. State and indicators are computed from
/// this view; the raw stream (history) keeps every event.
/// </summary>
public static class EffectiveHistory
{
    /// <summary>
    /// The steps still standing, in the order they were recorded (stream version), each with its latest
    /// corrected value. A retracted step is left out. A correction or retraction that targets no known step
    /// (which the decider refuses) is ignored rather than guessed at.
    /// </summary>
    public static IReadOnlyList<EffectiveStep> Of(IEnumerable<RecordedPathwayEvent> events)
    {
        var steps = new SortedDictionary<long, EffectiveStep>();
        foreach (var recorded in events.OrderBy(e => e.Version))
        {
            switch (recorded.Event)
            {
                case IPathwayStep step:
                    steps[recorded.Version] = new EffectiveStep(recorded.Version, step, recorded, []);
                    break;
                case StepCorrected correction when steps.TryGetValue(correction.TargetVersion, out var target):
                    steps[target.Version] = target with
                    {
                        Step = correction.Replacement,
                        Corrections = [.. target.Corrections, recorded],
                    };
                    break;
                case StepRetracted retraction:
                    steps.Remove(retraction.TargetVersion);
                    break;
            }
        }
        return [.. steps.Values];
    }
}
