using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Generation;

/// <summary>
/// What follows one orientation decision: the first accompaniment appointment (re-fixed after a no-show), a
/// contract, and sometimes the end of the accompaniment. Every step depends, directly or not, on the decision.
/// </summary>
internal sealed class AccompanimentPlanner(SimulationProfile profile, Actors actors)
{
    private readonly AccompanimentParameters _accompaniment = profile.Accompaniment;
    private readonly ContractParameters _contract = profile.Contract;

    /// <param name="fixedAtKiosk">The person left the kiosque with an appointment, fixed by the GSB on the decision day.</param>
    public IEnumerable<PlannedEvent> Plan(
        PlannedEvent decision, LocalDate decidedOn, Track track, string organisation, bool fixedAtKiosk, string gsb, SeededRandom random)
    {
        var referent = actors.Referent(random);
        PlannedEvent? held = null;
        LocalDate? heldOn = null;

        if (random.Chance(fixedAtKiosk ? profile.Orientation.KioskAppointmentShare : AppointmentShare(track)))
        {
            var fixedOn = fixedAtKiosk ? decidedOn : _accompaniment.FixingDelay.WorkingDayAfter(decidedOn, random);
            var previous = decision;
            for (var attempt = 1; attempt <= _accompaniment.MaxAttempts; attempt++)
            {
                var scheduled = _accompaniment.LeadTime.WorkingDayAfter(fixedOn, random);
                var id = random.NextGuid();
                var booker = fixedAtKiosk && attempt == 1 ? gsb : referent;
                var fixedStep = new PlannedEvent(
                    new AppointmentFixed(id, AppointmentKind.Accompaniment, fixedOn, scheduled, organisation),
                    RecorderKind.Staff, booker, previous, decision);
                yield return fixedStep;

                var outcome = random.Pick(_accompaniment.Outcomes);
                if (!random.Chance(_accompaniment.OutcomeRecordedShare)) break;
                var outcomeOn = outcome == AppointmentOutcome.Cancelled
                    ? RecordingCalendar.NextWorkingDay(fixedOn.PlusDays(random.Next(Period.DaysBetween(fixedOn, scheduled) + 1)))
                    : scheduled;
                var outcomeStep = new PlannedEvent(new AppointmentOutcomeRecorded(id, outcomeOn, outcome), RecorderKind.Staff, referent, fixedStep);
                yield return outcomeStep;
                if (outcome == AppointmentOutcome.Held)
                {
                    (held, heldOn) = (outcomeStep, outcomeOn);
                    break;
                }
                previous = outcomeStep;
                fixedOn = _accompaniment.RefixingDelay.WorkingDayAfter(outcomeOn, random);
            }
        }

        PlannedEvent? contract = null;
        LocalDate? signedOn = null;
        if (!random.Chance(_contract.NeverSignedShare))
        {
            signedOn = heldOn is { } day ? _contract.AfterAppointment.WorkingDayAfter(day, random) : _contract.WithoutAppointment.WorkingDayAfter(decidedOn, random);
            var kind = KindOf(track, signedOn.Value);
            LocalDate? validUntil = kind == ContractKind.Ppae ? null : signedOn.Value.PlusMonths(random.Chance(0.5) ? 6 : 12);
            contract = new PlannedEvent(new ContractSigned(kind, signedOn.Value, validUntil, organisation), RecorderKind.Staff, referent, decision, held);
            yield return contract;
        }

        if ((held is not null || contract is not null) && random.Chance(_accompaniment.ExitShare))
        {
            var on = _accompaniment.ExitDelay.WorkingDayAfter(signedOn ?? heldOn!.Value, random);
            var positive = random.Chance(_accompaniment.PositiveExitShare);
            var reason = random.Pick(positive ? Labels.PositiveExit : Labels.OtherExit);
            yield return new PlannedEvent(new AccompanimentExited(on, reason, positive), RecorderKind.Staff, referent, decision, contract ?? held);
        }
    }

    /// <summary>CER for the département's tracks, PPAE with France Travail, the single contrat d'engagement from 2025.</summary>
    public ContractKind KindOf(Track track, LocalDate signedOn) =>
        signedOn >= _contract.EngagementContractFrom ? ContractKind.EngagementContract
        : track == Track.Professional ? ContractKind.Ppae
        : ContractKind.Cer;

    private double AppointmentShare(Track track) => track switch
    {
        Track.Professional => _accompaniment.ProfessionalAppointmentShare,
        Track.SocioProfessional => _accompaniment.SocioProfessionalAppointmentShare,
        _ => _accompaniment.SocialAppointmentShare,
    };
}
