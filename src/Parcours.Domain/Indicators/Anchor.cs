namespace Parcours.Domain.Indicators;

/// <summary>
/// The closed set of pathway moments an indicator can measure from or to. Each anchor names one business date
/// of one episode (see <c>docs/indicators.md</c> for the exact event and field behind each).
/// </summary>
public enum Anchor
{
    /// <summary>The day the département learned of the entry (<c>RsaEntered.KnownOn</c> or <c>RsaReentered.KnownOn</c>).</summary>
    EntryKnownOn,

    /// <summary>The RSA application date carried by the entry (or re-entry).</summary>
    ApplicationDate,

    /// <summary>An orientation decision, initial or réorientation (its decision date).</summary>
    OrientationDecided,

    /// <summary>The notification of an orientation decision (its <c>NotifiedOn</c>, or a later <c>OrientationNotified</c>).</summary>
    OrientationNotified,

    /// <summary>An accompaniment appointment was fixed (booked): <c>AppointmentFixed.FixedOn</c>.</summary>
    AccompanimentAppointmentFixed,

    /// <summary>An accompaniment appointment took place: outcome Held, dated by the appointment's <c>ScheduledFor</c>.</summary>
    AccompanimentAppointmentHeld,

    /// <summary>An orientation appointment took place: outcome Held, dated by the appointment's <c>ScheduledFor</c>.</summary>
    OrientationAppointmentHeld,

    /// <summary>A contract of one of the definition's kinds was signed: <c>ContractSigned.SignedOn</c>.</summary>
    ContractSigned,
}

/// <summary>Which occurrences of the start anchor open a measurement.</summary>
public enum Occurrence
{
    /// <summary>Only the first occurrence in the episode (CALPAE: the first orientation).</summary>
    First,

    /// <summary>
    /// Every orientation decision opens its own window, and the next decision interrupts it (décret 2024-1244).
    /// Only valid with <see cref="Anchor.OrientationDecided"/> or <see cref="Anchor.OrientationNotified"/>.
    /// </summary>
    EachOrientationDecision,
}
