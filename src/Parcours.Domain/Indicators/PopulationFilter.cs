namespace Parcours.Domain.Indicators;

/// <summary>When the person must be soumis aux droits et devoirs (SDD) to be counted.</summary>
public enum RightsAndDutiesRule
{
    /// <summary>Everyone, SDD or not.</summary>
    Any,

    /// <summary>SDD according to the entry (or re-entry) that opened the episode.</summary>
    AtEntry,

    /// <summary>SDD on the as-of date: the entry's flag, updated by any later <c>RightsAndDutiesChanged</c>.</summary>
    AtAsOf,
}

/// <summary>Who is counted, episode by episode.</summary>
/// <param name="RightsAndDuties">The SDD condition.</param>
/// <param name="OpenAtAsOf">Only episodes still open (no RSA exit) on the as-of date: the stock of current beneficiaries.</param>
public sealed record PopulationFilter(RightsAndDutiesRule RightsAndDuties, bool OpenAtAsOf)
{
    /// <summary>New entrants soumis aux droits et devoirs at entry (the flow indicators).</summary>
    public static PopulationFilter NewEntrantsSubjectAtEntry { get; } = new(RightsAndDutiesRule.AtEntry, OpenAtAsOf: false);

    /// <summary>Current beneficiaries soumis aux droits et devoirs on the as-of date (the stock rates).</summary>
    public static PopulationFilter CurrentlySubject { get; } = new(RightsAndDutiesRule.AtAsOf, OpenAtAsOf: true);
}
