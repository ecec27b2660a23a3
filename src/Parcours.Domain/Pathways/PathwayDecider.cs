using NodaTime;

namespace Parcours.Domain.Pathways;

/// <summary>
/// Decides what a command does to one person's pathway: pure, no I/O, no clock. <c>today</c> is the current
/// date in Europe/Paris, computed at the edge with <see cref="ParisCalendar.Today"/>.
/// </summary>
public static partial class PathwayDecider
{
    public static Decision Decide(IPathwayCommand command, PathwayState state, LocalDate today) => command switch
    {
        IStepCommand step => DecideStep(StepValues.Normalise(step.ToStep()), state, today),
        CorrectStep correction => DecideCorrection(correction, state, today),
        RetractStep retraction => DecideRetraction(retraction, state, today),
        _ => throw new ArgumentException($"Unknown pathway command {command.GetType().Name}.", nameof(command)),
    };

    /// <summary>
    /// A step repeated exactly is accepted with no event (an import run twice, a double click). Otherwise the
    /// step must pass <see cref="StepRules"/>; a step that changes nothing is accepted with no event.
    /// </summary>
    private static Decision DecideStep(IPathwayStep step, PathwayState state, LocalDate today)
    {
        if (IsAlreadyRecorded(step, state.CurrentEpisode))
        {
            return Decision.Unchanged;
        }
        if (StepRules.Check(step, state, today) is { } rejection)
        {
            return Decision.Reject(rejection);
        }
        return ChangesNothing(step, state.CurrentEpisode) ? Decision.Unchanged : Decision.Accept(step);
    }

    private static bool IsAlreadyRecorded(IPathwayStep step, Episode? episode) =>
        episode is not null
        && (episode.Steps.Any(s => s.Step.Equals(step))
            || step is OrientationNotified n && episode.CurrentOrientation?.NotifiedOn == n.On);

    private static bool ChangesNothing(IPathwayStep step, Episode? episode) =>
        step is RightsAndDutiesChanged change && episode?.SubjectToRightsAndDuties == change.SubjectToRightsAndDuties;
}
