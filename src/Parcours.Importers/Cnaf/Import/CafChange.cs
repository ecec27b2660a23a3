namespace Parcours.Importers.Cnaf.Import;

/// <summary>What one person's line in a flux changes in Parcours.</summary>
public enum CafChange
{
    Entry,
    EntryNotSubject,
    ReentryAfterClosure,
    ReentryAfterLongSuspension,
    Suspension,
    Resumption,
    Closure,
    RightsAndDutiesChange,
    Unchanged,
    Ignored,
}

public static class CafChanges
{
    /// <summary>The report's French label of each change (also the key of the counts kept in <c>parcours_import.files</c>).</summary>
    public static string Label(this CafChange change) => change switch
    {
        CafChange.Entry => "entrées (soumis aux droits et devoirs)",
        CafChange.EntryNotSubject => "entrées (non soumis aux droits et devoirs)",
        CafChange.ReentryAfterClosure => "réentrées après clôture",
        CafChange.ReentryAfterLongSuspension => "réentrées après une suspension de plus d'un an",
        CafChange.Suspension => "suspensions",
        CafChange.Resumption => "reprises",
        CafChange.Closure => "clôtures",
        CafChange.RightsAndDutiesChange => "changements de soumission aux droits et devoirs",
        CafChange.Unchanged => "personnes sans changement",
        CafChange.Ignored => "personnes ignorées (inconnues et droit non versable, ou ni demandeur ni conjoint)",
        _ => change.ToString(),
    };

    public static IReadOnlyList<CafChange> All { get; } = Enum.GetValues<CafChange>();
}
