namespace Parcours.EventStore;

/// <summary>
/// A position in the global, all-streams order read by projections: the writing transaction's id, then the
/// sequence number. See <c>EventStore.ReadAll.cs</c> for why the order is (transaction, sequence) and not the
/// sequence alone.
/// </summary>
public readonly record struct GlobalPosition(ulong TransactionId, long Sequence) : IComparable<GlobalPosition>
{
    /// <summary>Before every event.</summary>
    public static GlobalPosition Start => new(0, 0);

    public int CompareTo(GlobalPosition other)
    {
        var byTransaction = TransactionId.CompareTo(other.TransactionId);
        return byTransaction != 0 ? byTransaction : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) < 0;
    public static bool operator >(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) > 0;
    public static bool operator <=(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) <= 0;
    public static bool operator >=(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{TransactionId}:{Sequence}";
}
