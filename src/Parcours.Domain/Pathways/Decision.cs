namespace Parcours.Domain.Pathways;

/// <summary>
/// The outcome of deciding a command: the events to append (possibly none, when the command repeats a fact
/// already recorded), or a rejection. Rule violations are values, never exceptions.
/// </summary>
public abstract record Decision
{
    private Decision()
    {
    }

    public static Decision Accept(IPathwayEvent @event) => new Accepted([@event]);

    /// <summary>Accepted, nothing to append: the same fact is already recorded (idempotent repetition).</summary>
    public static Decision Unchanged { get; } = new Accepted([]);

    public static Decision Reject(Rejection rejection) => new Rejected(rejection);

    public sealed record Accepted(IReadOnlyList<IPathwayEvent> Events) : Decision;

    public sealed record Rejected(Rejection Rejection) : Decision;
}

/// <summary>
/// Why a command was refused. <see cref="Code"/> is stable (clients and tests match on it; it becomes the
/// "type" suffix of an RFC 9457 problem); <see cref="Message"/> is French, for the person recording.
/// </summary>
/// <param name="Cause">For a correction or retraction: the rule that the changed history would break.</param>
public sealed record Rejection(string Code, string Message, Rejection? Cause = null);
