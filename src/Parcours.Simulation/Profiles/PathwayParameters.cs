using Parcours.Domain.Pathways;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Profiles;

/// <summary>From entry to orientation: channels, their delays, kiosques and diagnostics.</summary>
public sealed record OrientationParameters
{
    /// <summary>People the département never orients (lost contact, no data), whatever the length of the period.</summary>
    public double NeverOrientedShare { get; init; } = 0.08;

    public IReadOnlyList<Weighted<OrientationChannel>> ProfessionalChannels { get; init; } =
        [new(OrientationChannel.Automatic, 0.55), new(OrientationChannel.Manager, 0.20), new(OrientationChannel.Kiosk, 0.20), new(OrientationChannel.MultidisciplinaryTeam, 0.05)];

    public IReadOnlyList<Weighted<OrientationChannel>> OtherChannels { get; init; } =
        [new(OrientationChannel.Automatic, 0.10), new(OrientationChannel.Manager, 0.40), new(OrientationChannel.Kiosk, 0.35), new(OrientationChannel.MultidisciplinaryTeam, 0.15)];

    /// <summary>Entry (or becoming subject to rights and duties) to decision, per channel (kiosque: to the kiosque's day).</summary>
    public DelayDistribution AutomaticDelay { get; init; } = DelayDistribution.Of(new DayRange(0, 7, 0.6), new DayRange(8, 40, 0.4));
    public DelayDistribution ManagerDelay { get; init; } = DelayDistribution.Of(new DayRange(7, 30, 0.3), new DayRange(31, 90, 0.5), new DayRange(91, 200, 0.2));
    public DelayDistribution KioskDelay { get; init; } = DelayDistribution.Of(new DayRange(12, 30, 0.45), new DayRange(31, 75, 0.55));
    public DelayDistribution MultidisciplinaryTeamDelay { get; init; } = DelayDistribution.Of(new DayRange(45, 120, 0.6), new DayRange(121, 300, 0.4));

    /// <summary>Invitation to a kiosque: booked this many days before it.</summary>
    public DelayDistribution KioskInvitationLead { get; init; } = DelayDistribution.Between(7, 21);
    public double KioskNoShowRate { get; init; } = 1.0 / 3;
    public int KioskMaxInvitations { get; init; } = 2;
    public DelayDistribution KioskReinvitationDelay { get; init; } = DelayDistribution.Between(14, 45);

    /// <summary>After the last kiosque no-show: oriented by default by a manager, or before the équipe pluridisciplinaire.</summary>
    public double DefaultToTeamShare { get; init; } = 0.3;
    public DelayDistribution DefaultOrientationDelay { get; init; } = DelayDistribution.Between(7, 45);

    /// <summary>The person leaves the kiosque with a first accompaniment appointment.</summary>
    public double KioskAppointmentShare { get; init; } = 0.8;

    public DelayDistribution NotificationDelay { get; init; } = DelayDistribution.Between(1, 10);

    /// <summary>Diagnostic before the decision (non-automatic channels), or after it.</summary>
    public double DiagnosticBeforeShare { get; init; } = 0.20;
    public double DiagnosticAfterShare { get; init; } = 0.10;
    public DelayDistribution DiagnosticAfterDelay { get; init; } = DelayDistribution.Between(10, 90);

    public double ReorientationShare { get; init; } = 0.10;
    public DelayDistribution ReorientationDelay { get; init; } = DelayDistribution.Of(new DayRange(30, 180, 0.6), new DayRange(181, 540, 0.4));
}

/// <summary>First accompaniment appointment, re-fixing after a no-show, and the end of the accompaniment.</summary>
public sealed record AccompanimentParameters
{
    /// <summary>Share of orientations whose first appointment reaches Parcours, by track (many référents' software cannot send it).</summary>
    public double ProfessionalAppointmentShare { get; init; } = 0.35;
    public double SocioProfessionalAppointmentShare { get; init; } = 0.70;
    public double SocialAppointmentShare { get; init; } = 0.75;

    /// <summary>Orientation to the day the appointment is fixed; then to the day it takes place.</summary>
    public DelayDistribution FixingDelay { get; init; } = DelayDistribution.Of(new DayRange(0, 15, 0.45), new DayRange(16, 45, 0.35), new DayRange(46, 120, 0.20));
    public DelayDistribution LeadTime { get; init; } = DelayDistribution.Between(3, 28);

    public IReadOnlyList<Weighted<Domain.Pathways.AppointmentOutcome>> Outcomes { get; init; } =
        [new(AppointmentOutcome.Held, 0.68), new(AppointmentOutcome.NoShow, 0.20), new(AppointmentOutcome.Excused, 0.07), new(AppointmentOutcome.Cancelled, 0.05)];

    public double OutcomeRecordedShare { get; init; } = 0.9;
    public int MaxAttempts { get; init; } = 3;
    public DelayDistribution RefixingDelay { get; init; } = DelayDistribution.Between(2, 21);

    public double ExitShare { get; init; } = 0.25;
    public DelayDistribution ExitDelay { get; init; } = DelayDistribution.Between(90, 720);
    public double PositiveExitShare { get; init; } = 0.55;
}

/// <summary>Contracts: how many are signed and when.</summary>
public sealed record ContractParameters
{
    public double NeverSignedShare { get; init; } = 0.45;

    /// <summary>From the held first appointment to the signature (often the same day).</summary>
    public DelayDistribution AfterAppointment { get; init; } = DelayDistribution.Of(
        new DayRange(0, 0, 0.30), new DayRange(1, 30, 0.30), new DayRange(31, 120, 0.30), new DayRange(121, 300, 0.10));

    /// <summary>From the orientation, when no appointment is known.</summary>
    public DelayDistribution WithoutAppointment { get; init; } = DelayDistribution.Of(new DayRange(15, 60, 0.4), new DayRange(61, 240, 0.6));

    /// <summary>Since this day every new contract is a contrat d'engagement (loi pour le plein emploi).</summary>
    public NodaTime.LocalDate EngagementContractFrom { get; init; } = new(2025, 1, 1);
}
