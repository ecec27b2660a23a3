using System.Globalization;
using System.Xml;
using NodaTime;
using NodaTime.Text;

namespace Parcours.Importers.Cnaf.Flux;

/// <summary>
/// Writes a flux bénéficiaires RSA in windows-1252, valid against vrsb0801.xsd, one household at a time (the trailer's
/// count is kept as it goes). Only the blocks the schema requires are written, plus what Parcours reads: the synthetic
/// files of <c>parcours generate</c> and the tests' files. Values must already fit the schema's lengths.
/// </summary>
public sealed class FluxWriter : IDisposable
{
    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;
    private readonly XmlWriter _xml;
    private readonly string _departement;
    private bool _completed;

    public FluxWriter(Stream stream, FluxHeader header, string departement)
    {
        _departement = departement;
        _xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = FluxSchema.Windows1252, Indent = false, CloseOutput = false });
        _xml.WriteStartDocument();
        _xml.WriteStartElement("Racine");
        _xml.WriteStartElement("IdentificationFlux");
        Leaf("APPLIEME", "CRI");
        Leaf("NUMVERSIONAPPLIEME", "8.01");
        Leaf("TYPEFLUX", header.Type);
        Leaf("NATFLUX", header.Nature);
        Leaf("DTCREAFLUX", header.CreatedAt.Date);
        Leaf("HEUCREAFLUX", header.CreatedAt.TimeOfDay.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        Leaf("DTREF", header.ReferenceDate);
        _xml.WriteEndElement();
    }

    public int Households { get; private set; }

    public void Write(FluxHousehold household)
    {
        Households++;
        _xml.WriteStartElement("InfosFoyerRSA");
        _xml.WriteStartElement("IdentificationRSA");
        Block("Organisme", ("FONORG", household.Organisation), ("NUMORG", NumberOfOrganisation()), ("MATRICULE", household.Matricule));
        Block("Partenaire", ("TYPEPARTE", "CG"), ("IDEPARTE", household.Departement));
        _xml.WriteStartElement("DemandeRSA");
        Leaf("DTDEMRSA", household.ApplicationDate);
        Leaf("NUMDEMRSA", household.ApplicationNumber);
        _xml.WriteEndElement();
        _xml.WriteEndElement();

        foreach (var person in household.People) Person(person, household.ApplicationDate);

        _xml.WriteStartElement("DonneesAdministratives");
        _xml.WriteStartElement("SituationFamille");
        Leaf("SITFAM", household.People.Count > 1 ? "MAR" : "CEL");
        Leaf("DDSITFAM", household.ApplicationDate);
        _xml.WriteEndElement();
        _xml.WriteStartElement("Adresse");
        Block("TroncCommunAdresse", ("RGADR", "1"), ("PAYS", "FRA"), ("TYPEADR", "D"), ("ETATADR", "CO"));
        var commune = household.CommuneCode ?? "";
        Block("AdresseDetailleeFrance",
            ("COMPLIDEADR", ""), ("COMPLADR", ""), ("NUMVOIE", "1"), ("LIBTYPEVOIE", "RUE"), ("NOMVOIE", "DE L'EXEMPLE FICTIF"),
            ("LIEUDIST", ""), ("NUMCOM", commune), ("CODEPOS", PostcodeOf(commune)), ("NOMCOM", "COMMUNE " + commune));
        _xml.WriteEndElement();
        _xml.WriteEndElement();

        _xml.WriteStartElement("PrestationRSA");
        _xml.WriteStartElement("SituationDossierRSA");
        Block("EtatDossierRSA", ("ETATDOSRSA", ((int)household.State).ToString(CultureInfo.InvariantCulture)));
        if (household.Suspension is { } suspension)
        {
            _xml.WriteStartElement("SuspensionVersement");
            Leaf("MOTISUSVERSRSA", suspension.Reason);
            Leaf("DDSUSVERSRSA", suspension.Since);
            _xml.WriteEndElement();
        }
        if (household.Closure is { } closure)
        {
            _xml.WriteStartElement("FinDroit");
            Leaf("MOTICLORSA", closure.Reason);
            Leaf("DTCLORSA", closure.On);
            _xml.WriteEndElement();
        }
        _xml.WriteEndElement();
        _xml.WriteStartElement("DetailDroitRSA");
        Block("TroncCommunDroitRSA", ("TOPSANSDOMFIXE", "false"), ("ORIDEMRSA", "RSA"));
        _xml.WriteEndElement();
        _xml.WriteEndElement();
        _xml.WriteEndElement();
    }

    /// <summary>Writes the trailer with the count of households written, and closes the document.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        Block("TransmissionFlux", ("NBTOTDOSRSATRANSM", Households.ToString(CultureInfo.InvariantCulture)), ("NBTOTDOSRSATRANSMANO", "0"));
        _xml.WriteEndElement();
        _xml.WriteEndDocument();
        _xml.Flush();
    }

    public void Dispose()
    {
        Complete();
        _xml.Dispose();
    }

    private void Person(FluxPerson person, LocalDate since)
    {
        _xml.WriteStartElement("Personne");
        _xml.WriteStartElement("Identification");
        Leaf("NOM", person.LastName);
        Leaf("NOMNAI", person.LastName);
        Leaf("PRENOM", person.FirstName);
        Leaf("NOMCOMNAI", "COMMUNE FICTIVE");
        Leaf("DTNAI", person.BirthDate);
        if (person.Nir is { } nir) Leaf("NIR", nir);
        Leaf("SEXE", person.Sex);
        _xml.WriteEndElement();
        _xml.WriteStartElement("DossierCAF");
        Leaf("TOPRESPDOS", person.RsaRole == "DEM" ? "true" : "false");
        Leaf("DDRATDOS", since);
        _xml.WriteEndElement();
        Block("Prestations", ("NATPREST", "PFA"), ("ROLEPERS", person.RsaRole ?? ""), ("TOPCHAPERS", "false"));
        Block("Prestations", ("NATPREST", "RSA"), ("ROLEPERS", person.RsaRole ?? ""), ("TOPCHAPERS", "false"));
        if (person.SubjectToRightsAndDuties is { } subject)
            Block("MontantCalculDroitRSAPersonne", ("TOPPERSDRODEVORSA", subject ? "true" : "false"));
        _xml.WriteEndElement();
    }

    private string NumberOfOrganisation() => _departement.Length >= 3 ? _departement[..3] : _departement.PadLeft(3, '0');

    /// <summary>A made-up postcode of the commune's département (5 digits, as CODEPOS requires).</summary>
    private static string PostcodeOf(string commune) =>
        commune.Length == 5 && commune.All(char.IsAsciiDigit) ? commune[..2] + "000" : "00000";

    private void Block(string name, params (string Name, string Value)[] leaves)
    {
        _xml.WriteStartElement(name);
        foreach (var (leaf, value) in leaves) Leaf(leaf, value);
        _xml.WriteEndElement();
    }

    private void Leaf(string name, string value) => _xml.WriteElementString(name, value);

    private void Leaf(string name, LocalDate date) => _xml.WriteElementString(name, IsoDate.Format(date));
}
