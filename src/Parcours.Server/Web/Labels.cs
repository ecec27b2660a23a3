using System.Globalization;
using NodaTime;
using Parcours.Domain.Indicators;
using Parcours.Domain.Pathways;

namespace Parcours.Server.Web;

/// <summary>French words and formats of the pages (dates dd/MM/yyyy, values of the domain's enumerations).</summary>
public static class Labels
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string Date(LocalDate? date) => date?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "—";

    public static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Instant(Instant instant) =>
        instant.InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Month(YearMonth month) => French.TextInfo.ToTitleCase(month.ToString("MMMM yyyy", French));

    public static string MonthIso(YearMonth month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Number(decimal? value, int decimals = 1) => value is { } v ? v.ToString("N" + decimals, French) : "n.c.";

    public static string Percent(decimal? rate) => rate is { } r ? (r * 100).ToString("N1", French) + " %" : "n.c.";

    public static string Of(PathwayPhase phase) => phase switch
    {
        PathwayPhase.NotStarted => "Non commencé",
        PathwayPhase.AwaitingOrientation => "En attente d'orientation",
        PathwayPhase.Oriented => "Orienté",
        PathwayPhase.InAccompaniment => "En accompagnement",
        PathwayPhase.Suspended => "Droit suspendu",
        PathwayPhase.Exited => "Sorti du RSA",
        _ => phase.ToString(),
    };

    /// <summary>A phase as the read models store it (its enum name).</summary>
    public static string Phase(string phase) => Enum.TryParse<PathwayPhase>(phase, out var p) ? Of(p) : phase;

    public static string Of(Track track) => track switch
    {
        Track.Professional => "Professionnel",
        Track.SocioProfessional => "Socio-professionnel",
        Track.Social => "Social",
        _ => track.ToString(),
    };

    public static string Of(OrientationChannel channel) => channel switch
    {
        OrientationChannel.Automatic => "Automatique",
        OrientationChannel.Manager => "Gestionnaire",
        OrientationChannel.Kiosk => "Borne",
        OrientationChannel.MultidisciplinaryTeam => "Équipe pluridisciplinaire",
        _ => channel.ToString(),
    };

    public static string Of(AppointmentKind kind) => kind switch
    {
        AppointmentKind.Orientation => "Rendez-vous d'orientation",
        AppointmentKind.Accompaniment => "Rendez-vous d'accompagnement",
        _ => kind.ToString(),
    };

    public static string Of(ReentryGround ground) => ground switch
    {
        ReentryGround.AfterClosure => "Après une clôture du droit",
        ReentryGround.AfterLongSuspension => "Après une suspension de plus d'un an",
        _ => ground.ToString(),
    };

    public static string Of(AppointmentOutcome outcome) => outcome switch
    {
        AppointmentOutcome.Held => "Honoré",
        AppointmentOutcome.NoShow => "Absence",
        AppointmentOutcome.Excused => "Absence excusée",
        AppointmentOutcome.Cancelled => "Annulé",
        _ => outcome.ToString(),
    };

    public static string Of(ContractKind kind) => kind switch
    {
        ContractKind.Cer => "CER",
        ContractKind.Ppae => "PPAE",
        ContractKind.EngagementContract => "Contrat d'engagement",
        _ => kind.ToString(),
    };

    public static string Of(Outcome outcome) => outcome switch
    {
        Outcome.Met => "Atteint",
        Outcome.Missed => "Manqué",
        Outcome.Pending => "En cours",
        Outcome.Excluded => "Exclu",
        _ => outcome.ToString(),
    };

    public static string Role(string role) => role switch
    {
        Auth.ParcoursRoles.Manager => "Gestionnaire d'orientation",
        Auth.ParcoursRoles.InsertionService => "Service insertion",
        Auth.ParcoursRoles.Auditor => "Auditeur",
        Auth.ParcoursRoles.Admin => "Administrateur",
        _ => role,
    };

    /// <summary>An event by its stored type name (<see cref="PathwayEventTypes"/>), where only the name is known (revisions).</summary>
    public static string EventType(string name) => name switch
    {
        "rsa-entered" => "Entrée dans le RSA",
        "rsa-reentered" => "Réentrée dans le RSA",
        "rights-and-duties-changed" => "Changement des droits et devoirs",
        "right-suspended" => "Suspension du droit",
        "right-resumed" => "Reprise du droit",
        "diagnostic-completed" => "Diagnostic",
        "orientation-decided" => "Orientation",
        "orientation-notified" => "Notification de l'orientation",
        "reorientation-decided" => "Réorientation",
        "appointment-fixed" => "Rendez-vous fixé",
        "appointment-outcome-recorded" => "Issue du rendez-vous",
        "contract-signed" => "Signature du contrat",
        "accompaniment-exited" => "Sortie d'accompagnement",
        "rsa-exited" => "Sortie du RSA",
        "step-corrected" => "Correction",
        "step-retracted" => "Retrait",
        _ => name,
    };

    public static string Of(Breakdown breakdown) => breakdown switch
    {
        Breakdown.Territory => "Territoire",
        Breakdown.Track => "Parcours",
        Breakdown.Organisation => "Organisme",
        _ => breakdown.ToString(),
    };

    /// <summary>The step a deadline awaits (an <see cref="Anchor"/> name, as the read models store it).</summary>
    public static string Awaited(string? anchor) => Enum.TryParse<Anchor>(anchor, out var a) ? a switch
    {
        Anchor.OrientationDecided => "Orientation",
        Anchor.OrientationNotified => "Notification de l'orientation",
        Anchor.AccompanimentAppointmentFixed => "Rendez-vous d'accompagnement fixé",
        Anchor.AccompanimentAppointmentHeld => "Rendez-vous d'accompagnement honoré",
        Anchor.OrientationAppointmentHeld => "Rendez-vous d'orientation honoré",
        Anchor.ContractSigned => "Signature du contrat",
        Anchor.EntryKnownOn => "Entrée dans le RSA",
        Anchor.ApplicationDate => "Demande de RSA",
        _ => a.ToString(),
    } : anchor ?? "—";
}
