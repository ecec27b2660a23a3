using NodaTime;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using static Parcours.Importers.Steps.StepCsvFormat;

namespace Parcours.Importers.Steps;

/// <summary>One CSV row understood: whose step it is, the command it asks, and (for an entry) who the person is.</summary>
public sealed record StepRow(
    int Line,
    string Type,
    CafPersonKey? Caf,
    string? Nir,
    IPathwayCommand Command,
    PersonIdentity? Identity,
    Instant? RecordedAt,
    string? RecordedBy);

/// <summary>Why a row could not be understood (before any domain rule).</summary>
public sealed record RowError(string Code, string Message);

/// <summary>Turns a row's fields (by header) into a <see cref="StepRow"/>, or says which field is wrong.</summary>
public static class StepRowParser
{
    public static (StepRow? Row, RowError? Error) Parse(int line, Func<string, string?> field)
    {
        try
        {
            return (ParseOrThrow(line, field), null);
        }
        catch (RowException e)
        {
            return (null, e.Error);
        }
    }

    private static StepRow ParseOrThrow(int line, Func<string, string?> field)
    {
        string? Optional(string name) => field(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        string Required(string name) => Optional(name) ?? throw new RowException("csv.required", $"la colonne « {name} » est vide.");
        LocalDate Date(string name) => ParseDate(name, Required(name));
        LocalDate? OptionalDate(string name) => Optional(name) is { } text ? ParseDate(name, text) : null;
        T Word<T>(Words<T> words, string name) where T : notnull =>
            words.TryParse(Required(name), out var value) ? value
                : throw new RowException("csv.value", $"« {field(name)} » n'est pas une valeur de la colonne « {name} » (attendu : {words.Expected}).");

        var type = Required("type").ToLowerInvariant();
        var matricule = Optional("matricule_caf");
        var role = Optional("role")?.ToUpperInvariant();
        var nir = Optional("nir")?.Replace(" ", "", StringComparison.Ordinal);
        CafPersonKey? caf = matricule is not null && role is not null ? new CafPersonKey(matricule, role) : null;
        if (caf is null && nir is null)
            throw new RowException("csv.person-key", "la personne n'est pas désignée : renseignez « matricule_caf » et « role », ou « nir ».");
        if (nir is not null && !Simulation.Identities.Nir.IsValid(nir))
            throw new RowException("csv.nir", $"le NIR « {nir} » n'est pas valide (15 caractères dont une clé de contrôle).");

        IPathwayCommand command = type switch
        {
            Types.Entry => new EnterRsa(Date("date_demande"), Date("date"), Word(YesNo, "soumis_droits_devoirs"),
                Optional("origine") is null ? EntrySource.Import : Word(Sources, "origine"), Optional("territoire")),
            Types.Reentry => new ReenterRsa(Date("date_demande"), Date("date"), Word(YesNo, "soumis_droits_devoirs"),
                Optional("origine") is null ? EntrySource.Import : Word(Sources, "origine"), Optional("territoire"), Word(Grounds, "motif")),
            Types.RightsAndDuties => new ChangeRightsAndDuties(Date("date"), Word(YesNo, "soumis_droits_devoirs")),
            Types.Diagnostic => new CompleteDiagnostic(Date("date"), Optional("organisme")),
            Types.Orientation => new DecideOrientation(Date("date"), OptionalDate("date_notification"), Word(Tracks, "parcours"),
                Required("organisme"), Optional("referent"), Word(Channels, "canal")),
            Types.Notification => new NotifyOrientation(Date("date")),
            Types.Reorientation => new DecideReorientation(Date("date"), OptionalDate("date_notification"), Word(Tracks, "parcours"),
                Required("organisme"), Optional("referent"), Word(Channels, "canal"), Required("motif")),
            Types.Appointment => new FixAppointment(AppointmentId(Required("id_rdv")), Word(AppointmentKinds, "nature_rdv"), Date("date"),
                Date("date_rdv"), Required("organisme")),
            Types.AppointmentOutcome => new RecordAppointmentOutcome(AppointmentId(Required("id_rdv")), Date("date"), Word(Outcomes, "issue")),
            Types.Contract => new SignContract(Word(Contracts, "nature_contrat"), Date("date"), OptionalDate("fin_validite"), Required("organisme")),
            Types.AccompanimentExit => new ExitAccompaniment(Date("date"), Required("motif"), Word(YesNo, "sortie_positive")),
            _ => throw new RowException("csv.type",
                $"type d'étape inconnu « {type} » (attendu : {string.Join(", ", Types.All.Select(t => $"« {t} »"))})."),
        };

        PersonIdentity? identity = type is Types.Entry or Types.Reentry && Optional("nom") is { } lastName
            ? new PersonIdentity(lastName, Optional("prenom") ?? "", OptionalDate("date_naissance"), nir, matricule, role, null)
            : null;
        var recordedAt = Optional("saisi_le") is { } at
            ? ParseRecordedAt(at) ?? throw new RowException("csv.date", $"« {at} » n'est pas une date et heure de saisie jj/mm/aaaa hh:mm[:ss].")
            : (Instant?)null;
        return new StepRow(line, type, caf, nir, command, identity, recordedAt, Optional("saisi_par"));
    }

    private static LocalDate ParseDate(string name, string text) =>
        Date.Parse(text) is { Success: true } result ? result.Value
            : throw new RowException("csv.date", $"« {text} » n'est pas une date jj/mm/aaaa (colonne « {name} »).");

    private sealed class RowException(string code, string message) : Exception(message)
    {
        public RowError Error { get; } = new(code, message);
    }
}
