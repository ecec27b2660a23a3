using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Tests.Pathways;

/// <summary>Past events for the Given part of the specifications, with plain defaults for what a test does not vary.</summary>
internal static class PathwaySteps
{
    public static readonly Guid FirstAppointment = Guid.Parse("0b4f1c1e-4a51-4d3c-9a7e-1f0e2d3c4b5a");
    public static readonly Guid SecondAppointment = Guid.Parse("6e1d0c2b-7f8a-4b9c-8d7e-2a3b4c5d6e7f");

    public const string Mds = "MDS Toulouse Nord";
    public const string FranceTravail = "France Travail Toulouse Est";

    public static RsaEntered Entered(LocalDate knownOn, LocalDate? applicationDate = null, bool subjectToRightsAndDuties = true) =>
        new(applicationDate ?? knownOn, knownOn, subjectToRightsAndDuties, EntrySource.CafFlux, "DT-NORD");

    public static RsaReentered Reentered(LocalDate knownOn, ReentryGround ground) =>
        new(knownOn, knownOn, true, EntrySource.CafFlux, "DT-NORD", ground);

    public static OrientationDecided Oriented(LocalDate decidedOn, LocalDate? notifiedOn = null, string organisation = Mds) =>
        new(decidedOn, notifiedOn, Track.Social, organisation, null, OrientationChannel.Manager);

    public static ReorientationDecided Reoriented(LocalDate decidedOn, string organisation = FranceTravail) =>
        new(decidedOn, null, Track.Professional, organisation, null, OrientationChannel.MultidisciplinaryTeam, "Projet d'emploi");

    public static AppointmentFixed Fixed(
        Guid id, LocalDate fixedOn, LocalDate scheduledFor, AppointmentKind kind = AppointmentKind.Accompaniment) =>
        new(id, kind, fixedOn, scheduledFor, Mds);

    public static AppointmentOutcomeRecorded Outcome(Guid id, LocalDate on, AppointmentOutcome outcome) => new(id, on, outcome);

    public static ContractSigned Signed(LocalDate signedOn, ContractKind kind = ContractKind.Cer) => new(kind, signedOn, null, Mds);

    public static RightSuspended Suspended(LocalDate on) => new(on, "Ressources trimestrielles non déclarées");

    public static RightResumed Resumed(LocalDate on) => new(on);

    public static RsaExited Exited(LocalDate on) => new(on, "5");
}
