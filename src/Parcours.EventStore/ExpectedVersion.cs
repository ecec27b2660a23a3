namespace Parcours.EventStore;

/// <summary>
/// What the writer believes the stream's version to be, checked atomically with the append.
/// Versions are 1-based: a stream holding 3 events is at version 3; a stream that does not exist is at 0.
/// </summary>
public readonly record struct ExpectedVersion
{
    private ExpectedVersion(long? value) => Value = value;

    /// <summary>The expected version, or null for <see cref="Any"/>.</summary>
    public long? Value { get; }

    /// <summary>No check: append after whatever is there.</summary>
    public static ExpectedVersion Any => new(null);

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedVersion NoStream => new(0);

    /// <summary>The stream must be exactly at <paramref name="version"/> (0 means it must not exist).</summary>
    public static ExpectedVersion Exactly(long version) =>
        version < 0
            ? throw new ArgumentOutOfRangeException(nameof(version), version,
                "An expected stream version cannot be negative (0 means the stream must not exist).")
            : new(version);

    public bool Accepts(long actualVersion) => Value is null || Value == actualVersion;

    public override string ToString() => Value switch
    {
        null => "any",
        0 => "no stream",
        var v => v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
