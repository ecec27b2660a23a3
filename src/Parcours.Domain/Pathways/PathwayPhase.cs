namespace Parcours.Domain.Pathways;

/// <summary>Where a person stands in the current episode of their pathway.</summary>
public enum PathwayPhase
{
    /// <summary>No entry into the RSA recorded.</summary>
    NotStarted,

    /// <summary>In the RSA, no orientation decided in this episode yet.</summary>
    AwaitingOrientation,

    /// <summary>Oriented, with no accompaniment under way since the orientation in force.</summary>
    Oriented,

    /// <summary>
    /// Accompaniment started (a contract signed or an accompaniment appointment held) on or after the decision
    /// date of the orientation in force, and strictly after the last exit from accompaniment.
    /// </summary>
    InAccompaniment,

    /// <summary>The right is suspended (takes precedence over the phases above).</summary>
    Suspended,

    /// <summary>The right to the RSA is closed; only a re-entry opens a new episode.</summary>
    Exited,
}
