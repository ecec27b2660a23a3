namespace Parcours.EventStore;

/// <summary>The outcome of one append.</summary>
/// <param name="StreamVersion">The stream's version after the append (its last event's version).</param>
/// <param name="Positions">The global position of each appended event, in append order.</param>
/// <param name="Replayed">True when this is the stored result of an earlier append with the same idempotency key
/// (nothing was written this time).</param>
public sealed record AppendResult(long StreamVersion, IReadOnlyList<GlobalPosition> Positions, bool Replayed = false);
