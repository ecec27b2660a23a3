using NodaTime;

namespace Parcours.Domain.Pathways;

// Corrections and retractions change the past, so the decider replays the changed history from the changed
// step onwards through the same StepRules as new steps. A change that would make a later step unacceptable
// (an orientation moved after the contract signed under it, an entry retracted under its steps) is rejected,
// not flagged: the person recording corrects the dependent steps first, in an order where each one holds.
public static partial class PathwayDecider
{
    private static Decision DecideCorrection(CorrectStep command, PathwayState state, LocalDate today)
    {
        if (StepValues.Reason(command.Reason) is { } noReason)
        {
            return Decision.Reject(noReason);
        }
        var (target, unfit) = Target("correction", command.TargetVersion, state);
        if (target is null)
        {
            return Decision.Reject(unfit!);
        }
        if (command.Replacement is null)
        {
            return Decision.Reject(PathwayRejections.Required("replacement", "étape corrigée"));
        }
        var replacement = StepValues.Normalise(command.Replacement);
        if (replacement.GetType() != target.Original.Event.GetType())
        {
            return Decision.Reject(PathwayRejections.TypeMismatch(command.TargetVersion));
        }
        if (replacement.Equals(target.Step))
        {
            return Decision.Unchanged;
        }
        var changed = state.Steps.Select(s => s.Version == target.Version ? s with { Step = replacement } : s);
        return Replay(changed, target.Version, today) is ({ } version, { } cause)
            ? Decision.Reject(PathwayRejections.Inconsistent("correction", version, cause))
            : Decision.Accept(new StepCorrected(command.TargetVersion, replacement, StepValues.Trimmed(command.Reason), today));
    }

    private static Decision DecideRetraction(RetractStep command, PathwayState state, LocalDate today)
    {
        if (StepValues.Reason(command.Reason) is { } noReason)
        {
            return Decision.Reject(noReason);
        }
        var (target, unfit) = Target("retraction", command.TargetVersion, state);
        if (target is null)
        {
            return Decision.Reject(unfit!);
        }
        var remaining = state.Steps.Where(s => s.Version != target.Version);
        return Replay(remaining, target.Version, today) is ({ } version, { } cause)
            ? Decision.Reject(PathwayRejections.Inconsistent("retraction", version, cause))
            : Decision.Accept(new StepRetracted(command.TargetVersion, StepValues.Trimmed(command.Reason), today));
    }

    /// <summary>The standing step recorded at <paramref name="version"/>, or why it cannot be corrected or retracted.</summary>
    private static (EffectiveStep? Step, Rejection? Rejection) Target(string prefix, long version, PathwayState state)
    {
        var recorded = state.History.FirstOrDefault(e => e.Version == version);
        if (recorded is null)
        {
            return (null, PathwayRejections.UnknownTarget(prefix, version));
        }
        if (recorded.Event is not IPathwayStep)
        {
            return (null, PathwayRejections.TargetNotAStep(prefix, version));
        }
        var standing = state.Steps.FirstOrDefault(s => s.Version == version);
        return standing is null ? (null, PathwayRejections.TargetRetracted(prefix, version)) : (standing, null);
    }

    /// <summary>
    /// Folds <paramref name="steps"/> and checks each one recorded at or after <paramref name="fromVersion"/>
    /// against the state before it. Returns the first step that breaks a rule, and the rule.
    /// </summary>
    private static (long? Version, Rejection? Cause) Replay(IEnumerable<EffectiveStep> steps, long fromVersion, LocalDate today)
    {
        var state = PathwayState.Initial;
        foreach (var step in steps)
        {
            if (step.Version >= fromVersion && StepRules.Check(step.Step, state, today) is { } cause)
            {
                return (step.Version, cause);
            }
            state = state.Apply(step);
        }
        return (null, null);
    }
}
