using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Tests.Indicators.Support;

/// <summary>
/// Builds one person's recorded stream for indicator tests. Each step is recorded by default at noon UTC on its
/// business date; <see cref="RecordedOn"/> sets the recording day of the next step (a step recorded late).
/// </summary>
public sealed class History
{
    private readonly List<RecordedPathwayEvent> events = [];
    private LocalDate? nextRecordedOn;

    public static readonly CaseId Case = new(Guid.Parse("00000000-0000-0000-0000-000000000001"));

    public IReadOnlyList<RecordedPathwayEvent> Events => events;

    /// <summary>The stream version the last appended event got.</summary>
    public long LastVersion => events.Count;

    public History RecordedOn(LocalDate day)
    {
        nextRecordedOn = day;
        return this;
    }

    public History Entered(LocalDate knownOn, LocalDate? applied = null, bool sdd = true, string? territory = "T1") =>
        Add(new RsaEntered(applied ?? knownOn, knownOn, sdd, EntrySource.CafFlux, territory));

    public History Reentered(LocalDate knownOn, ReentryGround ground, LocalDate? applied = null, bool sdd = true, string? territory = "T1") =>
        Add(new RsaReentered(applied ?? knownOn, knownOn, sdd, EntrySource.CafFlux, territory, ground));

    public History Oriented(LocalDate decidedOn, LocalDate? notifiedOn = null, Track track = Track.Social, string organisation = "MDS Nord") =>
        Add(new OrientationDecided(decidedOn, notifiedOn, track, organisation, null, OrientationChannel.Manager));

    public History Reoriented(LocalDate decidedOn, LocalDate? notifiedOn = null, Track track = Track.Professional, string organisation = "France Travail") =>
        Add(new ReorientationDecided(decidedOn, notifiedOn, track, organisation, null, OrientationChannel.Manager, "diagnostic"));

    public History Notified(LocalDate on) => Add(new OrientationNotified(on));

    public History AppointmentFixed(AppointmentKind kind, LocalDate fixedOn, LocalDate scheduledFor, Guid? id = null) =>
        Add(new AppointmentFixed(id ?? Guid.NewGuid(), kind, fixedOn, scheduledFor, "MDS Nord"));

    /// <summary>Fixes an appointment and records it held on its day.</summary>
    public History AppointmentHeld(AppointmentKind kind, LocalDate fixedOn, LocalDate heldOn)
    {
        var id = Guid.NewGuid();
        return AppointmentFixed(kind, fixedOn, heldOn, id).Add(new AppointmentOutcomeRecorded(id, heldOn, AppointmentOutcome.Held));
    }

    public History Contract(LocalDate signedOn, ContractKind kind = ContractKind.Cer) =>
        Add(new ContractSigned(kind, signedOn, null, "MDS Nord"));

    public History RightsAndDuties(LocalDate on, bool subject) => Add(new RightsAndDutiesChanged(on, subject));

    public History Exited(LocalDate on) => Add(new RsaExited(on, "5"));

    public History Corrected(long targetVersion, IPathwayStep replacement, LocalDate correctedOn) =>
        Add(new StepCorrected(targetVersion, replacement, "erreur de saisie", correctedOn));

    public History Retracted(long targetVersion, LocalDate retractedOn) =>
        Add(new StepRetracted(targetVersion, "saisi par erreur", retractedOn));

    public History Add(IPathwayEvent e)
    {
        var day = nextRecordedOn ?? e.BusinessDate;
        nextRecordedOn = null;
        events.Add(new RecordedPathwayEvent(events.Count + 1, e, RecordedAtNoon(day), "gsb-test"));
        return this;
    }

    public static Instant RecordedAtNoon(LocalDate day) => day.At(new LocalTime(12, 0)).InUtc().ToInstant();
}
