using System.Text;
using Parcours.Domain.Pathways;
using Parcours.Simulation.Identities;
using static Parcours.Importers.Steps.StepCsvFormat;

namespace Parcours.Importers.Generation;

/// <summary>Writes steps in the CSV format the step importer reads (UTF-8 with BOM, as spreadsheets like it).</summary>
public sealed class StepCsvWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Dictionary<string, int> _column = Headers.Select((h, i) => (h, i)).ToDictionary(c => c.h, c => c.i);

    public StepCsvWriter(string path)
    {
        _writer = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16);
        _writer.WriteLine(string.Join(';', Headers));
    }

    public int Rows { get; private set; }

    /// <summary>Writes one step of a person; false for events that are no CSV step (the CAF's, corrections).</summary>
    public bool Write(SyntheticIdentity person, IPathwayEvent step, NodaTime.Instant recordedAt, string recordedBy)
    {
        var row = new string[Headers.Count];
        void Set(string column, string? value) => row[_column[column]] = value ?? "";
        string D(NodaTime.LocalDate date) => Format(date);
        string? OptionalD(NodaTime.LocalDate? date) => date is { } d ? Format(d) : null;

        switch (step)
        {
            case RsaEntered e:
                Set("type", Types.Entry); Set("date_demande", D(e.ApplicationDate)); Set("date", D(e.KnownOn));
                Set("soumis_droits_devoirs", YesNo[e.SubjectToRightsAndDuties]); Set("origine", Sources[e.Source]); Set("territoire", e.Territory);
                Identity(person, Set);
                break;
            case RsaReentered r:
                Set("type", Types.Reentry); Set("date_demande", D(r.ApplicationDate)); Set("date", D(r.KnownOn));
                Set("soumis_droits_devoirs", YesNo[r.SubjectToRightsAndDuties]); Set("origine", Sources[r.Source]); Set("territoire", r.Territory);
                Set("motif", Grounds[r.Ground]);
                Identity(person, Set);
                break;
            case DiagnosticCompleted d:
                Set("type", Types.Diagnostic); Set("date", D(d.On)); Set("organisme", d.Organisation);
                break;
            case OrientationDecided o:
                Set("type", Types.Orientation); Set("date", D(o.DecidedOn)); Set("date_notification", OptionalD(o.NotifiedOn));
                Set("parcours", Tracks[o.Track]); Set("organisme", o.Organisation); Set("referent", o.Referent); Set("canal", Channels[o.Channel]);
                break;
            case OrientationNotified n:
                Set("type", Types.Notification); Set("date", D(n.On));
                break;
            case ReorientationDecided r:
                Set("type", Types.Reorientation); Set("date", D(r.DecidedOn)); Set("date_notification", OptionalD(r.NotifiedOn));
                Set("parcours", Tracks[r.Track]); Set("organisme", r.Organisation); Set("referent", r.Referent); Set("canal", Channels[r.Channel]);
                Set("motif", r.Reason);
                break;
            case AppointmentFixed a:
                Set("type", Types.Appointment); Set("id_rdv", a.AppointmentId.ToString("D")); Set("nature_rdv", AppointmentKinds[a.Kind]);
                Set("date", D(a.FixedOn)); Set("date_rdv", D(a.ScheduledFor)); Set("organisme", a.Organisation);
                break;
            case AppointmentOutcomeRecorded o:
                Set("type", Types.AppointmentOutcome); Set("id_rdv", o.AppointmentId.ToString("D")); Set("date", D(o.On)); Set("issue", Outcomes[o.Outcome]);
                break;
            case ContractSigned c:
                Set("type", Types.Contract); Set("nature_contrat", Contracts[c.Kind]); Set("date", D(c.SignedOn));
                Set("fin_validite", OptionalD(c.ValidUntil)); Set("organisme", c.Organisation);
                break;
            case AccompanimentExited x:
                Set("type", Types.AccompanimentExit); Set("date", D(x.On)); Set("motif", x.Reason); Set("sortie_positive", YesNo[x.Positive]);
                break;
            case RightsAndDutiesChanged c:
                Set("type", Types.RightsAndDuties); Set("date", D(c.On)); Set("soumis_droits_devoirs", YesNo[c.SubjectToRightsAndDuties]);
                break;
            default:
                return false;
        }
        Set("matricule_caf", person.CafMatricule);
        Set("role", person.CafRoleCode);
        Set("nir", person.Nir.Value);
        Set("saisi_le", Format(recordedAt));
        Set("saisi_par", recordedBy);
        _writer.WriteLine(string.Join(';', row.Select(Escape)));
        Rows++;
        return true;
    }

    private static void Identity(SyntheticIdentity person, Action<string, string?> set)
    {
        set("nom", person.LastName);
        set("prenom", person.FirstName);
        set("date_naissance", Format(person.BirthDate));
    }

    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny(";\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public void Dispose() => _writer.Dispose();
}
