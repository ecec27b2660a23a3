using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;
using Parcours.Domain.Pathways;

namespace Parcours.Importers.Steps;

/// <summary>
/// The CSV format of steps exported from other software (docs/imports.md): semicolon-separated, UTF-8 with or without
/// BOM, French headers, dates dd/mm/yyyy. One row is one step of one person, named by CAF number and role, or by NIR.
/// The French words of each column are defined here once, for the reader and for the generator's writer.
/// </summary>
public static class StepCsvFormat
{
    public static readonly IReadOnlyList<string> Headers =
    [
        "type", "matricule_caf", "role", "nir", "nom", "prenom", "date_naissance", "date", "date_demande", "soumis_droits_devoirs",
        "origine", "territoire", "date_notification", "parcours", "organisme", "referent", "canal", "motif", "id_rdv", "nature_rdv",
        "date_rdv", "issue", "nature_contrat", "fin_validite", "sortie_positive", "saisi_le", "saisi_par",
    ];

    /// <summary>The values of <c>type</c>, in the order docs/imports.md lists them.</summary>
    public static class Types
    {
        public const string Entry = "entree", Reentry = "reentree", RightsAndDuties = "droits_devoirs", Diagnostic = "diagnostic",
            Orientation = "orientation", Notification = "notification", Reorientation = "reorientation", Appointment = "rdv",
            AppointmentOutcome = "issue_rdv", Contract = "contrat", AccompanimentExit = "fin_accompagnement";

        public static readonly IReadOnlyList<string> All =
            [Entry, Reentry, RightsAndDuties, Diagnostic, Orientation, Notification, Reorientation, Appointment, AppointmentOutcome, Contract, AccompanimentExit];
    }

    public static readonly LocalDatePattern Date = LocalDatePattern.Create("dd/MM/yyyy", CultureInfo.InvariantCulture);
    public static readonly LocalDateTimePattern RecordedAt = LocalDateTimePattern.Create("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
    private static readonly LocalDateTimePattern RecordedAtMinutes = LocalDateTimePattern.Create("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
    public static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    public static readonly Words<Track> Tracks = new(
        (Track.Professional, "professionnel"), (Track.SocioProfessional, "socio-professionnel"), (Track.Social, "social"));

    public static readonly Words<OrientationChannel> Channels = new(
        (OrientationChannel.Automatic, "automatique"), (OrientationChannel.Manager, "gestionnaire"),
        (OrientationChannel.Kiosk, "kiosque"), (OrientationChannel.MultidisciplinaryTeam, "equipe-pluridisciplinaire"));

    public static readonly Words<AppointmentKind> AppointmentKinds = new(
        (AppointmentKind.Orientation, "orientation"), (AppointmentKind.Accompaniment, "accompagnement"));

    public static readonly Words<AppointmentOutcome> Outcomes = new(
        (AppointmentOutcome.Held, "honore"), (AppointmentOutcome.NoShow, "absent"),
        (AppointmentOutcome.Excused, "excuse"), (AppointmentOutcome.Cancelled, "annule"));

    public static readonly Words<ContractKind> Contracts = new(
        (ContractKind.Cer, "CER"), (ContractKind.Ppae, "PPAE"), (ContractKind.EngagementContract, "CE"));

    public static readonly Words<EntrySource> Sources = new(
        (EntrySource.CafFlux, "flux-caf"), (EntrySource.Manual, "saisie"), (EntrySource.Import, "transfert"));

    public static readonly Words<ReentryGround> Grounds = new(
        (ReentryGround.AfterClosure, "apres-cloture"), (ReentryGround.AfterLongSuspension, "apres-suspension"));

    public static readonly Words<bool> YesNo = new((true, "oui"), (false, "non"));

    public static string Format(LocalDate date) => Date.Format(date);

    public static string Format(Instant instant) => RecordedAt.Format(instant.InZone(Paris).LocalDateTime);

    public static Instant? ParseRecordedAt(string text) =>
        (RecordedAt.Parse(text) is { Success: true } full ? full.Value
            : RecordedAtMinutes.Parse(text) is { Success: true } minutes ? minutes.Value : (LocalDateTime?)null)
        is { } local ? local.InZoneLeniently(Paris).ToInstant() : null;

    /// <summary>An appointment id as written: a GUID as is, any other text turned into a stable GUID (same text, same id).</summary>
    public static Guid AppointmentId(string text) =>
        Guid.TryParse(text, out var id) ? id : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("parcours-rdv:" + text))[..16]);

    /// <summary>The French words of an enumeration's values, both ways (case-insensitive when read).</summary>
    public sealed class Words<T>(params (T Value, string Word)[] words) where T : notnull
    {
        public string this[T value] => words.First(w => EqualityComparer<T>.Default.Equals(w.Value, value)).Word;

        public bool TryParse(string text, out T value)
        {
            foreach (var (v, word) in words)
                if (string.Equals(word, text.Trim(), StringComparison.OrdinalIgnoreCase)) { value = v; return true; }
            value = default!;
            return false;
        }

        public string Expected => string.Join(", ", words.Select(w => $"« {w.Word} »"));
    }
}
