using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Importers.Cnaf.Flux;

namespace Parcours.Importers.Cnaf.Import;

/// <summary>
/// The change a person's line in a flux makes, given what Parcours knows of their case (pure). The flux describes the
/// right on its reference date (DTREF), the day the département learns of it:
/// <list type="bullet">
/// <item>unknown, or closed, and now open and payable (ETATDOSRSA 2): entry, or re-entry after closure, known on DTREF;</item>
/// <item>suspended for more than a year and payable again: re-entry after a long suspension, known on DTREF;</item>
/// <item>suspended for less, payable again: resumption on the first day of DTREF's month (the month paid again);</item>
/// <item>open and now suspended (3 or 4): suspension from DDSUSVERSRSA/DDSUSDRORSA (else the first day of DTREF's month);</item>
/// <item>open or suspended, now closed (5 or 6): closure on DTCLORSA with MOTICLORSA;</item>
/// <item>open and payable with another TOPPERSDRODEVORSA: change of rights and duties, from the first day of DTREF's month.</item>
/// </list>
/// The commands go to the decider, which may still refuse them (the rejection is reported with the person).
/// </summary>
public static class ChangeRules
{
    public static IReadOnlyList<(CafChange Change, IPathwayCommand Command)> Derive(
        FluxHousehold household, FluxPerson person, LocalDate reference, string? territory, Episode? episode)
    {
        var payable = household.State == RightState.OpenPayable;
        var suspended = household.State is RightState.OpenSuspended or RightState.PaymentSuspended;
        var closed = household.State is RightState.Closed or RightState.ClosedWithRegularisation;
        var subject = person.SubjectToRightsAndDuties ?? false;
        var monthStart = reference.With(DateAdjusters.StartOfMonth);

        if (episode is null)
            return payable
                ? [(subject ? CafChange.Entry : CafChange.EntryNotSubject,
                    new EnterRsa(household.ApplicationDate, reference, subject, EntrySource.CafFlux, territory))]
                : [];
        if (episode.Exit is not null)
            return payable
                ? [(CafChange.ReentryAfterClosure,
                    new ReenterRsa(household.ApplicationDate, reference, subject, EntrySource.CafFlux, territory, ReentryGround.AfterClosure))]
                : [];
        if (episode.Suspension is { } suspension)
        {
            if (closed) return [(CafChange.Closure, new ExitRsa(household.Closure!.On, household.Closure.Reason))];
            if (!payable) return [];
            if (reference > suspension.Since.PlusYears(1))
                return [(CafChange.ReentryAfterLongSuspension,
                    new ReenterRsa(household.ApplicationDate, reference, subject, EntrySource.CafFlux, territory, ReentryGround.AfterLongSuspension))];
            var resumed = Max(suspension.Since, monthStart);
            return person.SubjectToRightsAndDuties is { } flag && flag != episode.SubjectToRightsAndDuties
                ? [(CafChange.Resumption, new ResumeRight(resumed)), (CafChange.RightsAndDutiesChange, new ChangeRightsAndDuties(resumed, flag))]
                : [(CafChange.Resumption, new ResumeRight(resumed))];
        }
        if (closed) return [(CafChange.Closure, new ExitRsa(household.Closure!.On, household.Closure.Reason))];
        if (suspended)
            return [(CafChange.Suspension, new SuspendRight(household.Suspension?.Since ?? monthStart, household.Suspension?.Reason))];
        if (payable && person.SubjectToRightsAndDuties is { } changed && changed != episode.SubjectToRightsAndDuties)
            return [(CafChange.RightsAndDutiesChange, new ChangeRightsAndDuties(Max(episode.EntryDate, monthStart), changed))];
        return [];
    }

    /// <summary>Whether the line may change a case in this phase (what decides if its whole history must be read).</summary>
    public static bool MayChange(FluxHousehold household, FluxPerson person, PathwayPhase phase, bool? subject) => phase switch
    {
        PathwayPhase.NotStarted => household.State == RightState.OpenPayable,
        PathwayPhase.Exited => household.State == RightState.OpenPayable,
        PathwayPhase.Suspended => household.State is RightState.OpenPayable or RightState.Closed or RightState.ClosedWithRegularisation,
        _ => household.State != RightState.OpenPayable && household.State is not (RightState.Pending or RightState.Refused or RightState.Unknown)
             || person.SubjectToRightsAndDuties is { } flag && flag != subject,
    };

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;
}
