namespace Parcours.EventStore;

/// <summary>The identity of one stream (for Parcours, one person's pathway). Unique across tenants.</summary>
public readonly record struct StreamId(Guid Value)
{
    public static StreamId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("D");
}
