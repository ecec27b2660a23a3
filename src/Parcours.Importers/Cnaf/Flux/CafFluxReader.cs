using System.Globalization;
using System.Xml;
using System.Xml.Schema;
using NodaTime;
using NodaTime.Text;

namespace Parcours.Importers.Cnaf.Flux;

/// <summary>
/// Reads a CAF/MSA "flux bénéficiaires RSA" (vrsb0801.xsd, windows-1252) in one forward pass: memory stays bounded by
/// one household whatever the file's size. Every node is validated against the schema as it is read; each invalid
/// household is left out of <see cref="Households"/> and reported in <see cref="Errors"/> with its line, column and
/// index; a broken file (truncated, not XML) ends the pass with an error. After the pass, the trailer's count is
/// checked. A file with any error must not be applied: <see cref="IsValid"/>.
/// </summary>
public sealed class CafFluxReader : IDisposable
{
    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;
    private static readonly LocalTimePattern IsoTime = LocalTimePattern.ExtendedIso;

    private readonly XmlReader _xml;
    private readonly IXmlLineInfo _position;
    private readonly List<FluxError> _errors = [];
    private int _current;
    private bool _currentInvalid;
    private bool _finished;

    private CafFluxReader(Stream stream)
    {
        _xml = XmlReader.Create(stream, FluxSchema.ValidatingSettings(OnValidation));
        _position = (IXmlLineInfo)_xml;
    }

    /// <summary>The encoding comes from the XML declaration (windows-1252 for the CAF): the code pages are registered first.</summary>
    public static CafFluxReader Open(Stream stream)
    {
        _ = FluxSchema.Windows1252;
        return new CafFluxReader(stream);
    }

    public FluxHeader? Header { get; private set; }
    public FluxTrailer? Trailer { get; private set; }
    public IReadOnlyList<FluxError> Errors => _errors;

    /// <summary>Households met, valid or not (what the trailer must count).</summary>
    public int HouseholdsRead { get; private set; }

    /// <summary>Whether the whole file has been read and nothing is wrong with it.</summary>
    public bool IsValid => _finished && _errors.Count == 0;

    /// <summary>
    /// The valid households, in file order. <see cref="Header"/> is set before the first one is returned (a file whose
    /// header is missing or invalid yields nothing). Enumerate once.
    /// </summary>
    public IEnumerable<FluxHousehold> Households()
    {
        if (!Next() || !MoveToContent()) yield break;
        if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "Racine")
        {
            Fail($"l'élément racine est « {_xml.LocalName} » au lieu de « Racine » : ce n'est pas un flux bénéficiaires RSA.");
            yield break;
        }
        if (_xml.IsEmptyElement || !Next()) { Truncated(); yield break; }
        while (_xml.NodeType == XmlNodeType.Element)
        {
            switch (_xml.LocalName)
            {
                case "IdentificationFlux":
                    if (!ReadHeader()) yield break;
                    break;
                case "InfosFoyerRSA":
                    if (Header is null)
                    {
                        Fail("le bloc IdentificationFlux manque avant le premier foyer.");
                        yield break;
                    }
                    var (ok, household) = ReadHousehold();
                    if (!ok) yield break;
                    if (household is not null) yield return household;
                    break;
                case "TransmissionFlux":
                    if (!ReadTrailer()) yield break;
                    break;
                default:
                    if (!Skip()) yield break;
                    break;
            }
        }
        if (_xml.NodeType != XmlNodeType.EndElement || _xml.LocalName != "Racine") { Truncated(); yield break; }
        // Anything after the root is a well-formedness error that the next reads report.
        while (Next()) { }
        _finished = true;
        CheckTrailer();
    }

    private void CheckTrailer()
    {
        if (Header is null) Fail("le bloc IdentificationFlux manque.");
        if (Trailer is null)
        {
            Fail("le bloc TransmissionFlux (nombre de dossiers transmis) manque.");
        }
        else if (Trailer.Households != HouseholdsRead)
        {
            Fail($"le fichier annonce {Trailer.Households} dossiers transmis (NBTOTDOSRSATRANSM) mais en contient {HouseholdsRead}.");
        }
    }

    private bool ReadHeader()
    {
        var values = new Dictionary<string, string>();
        if (!ReadLeaves((_, name, value) => values[name] = value)) return false;
        var created = Date(values, "DTCREAFLUX");
        var time = values.TryGetValue("HEUCREAFLUX", out var t) && IsoTime.Parse(t.Length > 8 ? t[..8] : t) is { Success: true } parsed
            ? parsed.Value : LocalTime.Midnight;
        var reference = Date(values, "DTREF");
        if (created is null || reference is null)
        {
            Fail("l'en-tête du flux (IdentificationFlux) n'a pas de date de création (DTCREAFLUX) ou de référence (DTREF) valide.");
            return true;
        }
        Header = new FluxHeader(values.GetValueOrDefault("TYPEFLUX", ""), values.GetValueOrDefault("NATFLUX", ""), created.Value + time, reference.Value);
        return true;
    }

    private bool ReadTrailer()
    {
        var values = new Dictionary<string, string>();
        if (!ReadLeaves((_, name, value) => values[name] = value)) return false;
        Trailer = new FluxTrailer(Long(values, "NBTOTDOSRSATRANSM") ?? -1, Long(values, "NBTOTDOSRSATRANSMANO") ?? 0);
        return true;
    }

    private (bool Ok, FluxHousehold? Household) ReadHousehold()
    {
        HouseholdsRead++;
        _current = HouseholdsRead;
        _currentInvalid = false;
        var line = _position.LineNumber;
        var builder = new HouseholdBuilder();
        var ok = ReadLeaves(builder.Take, builder.Close);
        var household = ok && !_currentInvalid ? builder.Build(this, _current, line) : null;
        _current = 0;
        return (ok, household);
    }

    /// <summary>
    /// Reads the element the reader is on to its end, handing each text value with its parent's and its own name, and
    /// each closing tag; leaves the reader on the node after it. False when the file ends or breaks inside.
    /// </summary>
    private bool ReadLeaves(Action<string, string, string> onValue, Action<string>? onClose = null)
    {
        var path = new List<string>();
        var depth = _xml.Depth;
        if (_xml.IsEmptyElement) return Next();
        path.Add(_xml.LocalName);
        while (true)
        {
            if (!Next()) { Truncated(); return false; }
            switch (_xml.NodeType)
            {
                case XmlNodeType.Element:
                    if (_xml.IsEmptyElement) onClose?.Invoke(_xml.LocalName);
                    else path.Add(_xml.LocalName);
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    onValue(path.Count > 1 ? path[^2] : "", path[^1], _xml.Value.Trim());
                    break;
                case XmlNodeType.EndElement:
                    onClose?.Invoke(_xml.LocalName);
                    path.RemoveAt(path.Count - 1);
                    if (_xml.Depth == depth) return Next();
                    break;
            }
        }
    }

    private bool Skip() => ReadLeaves((_, _, _) => { });

    private bool MoveToContent()
    {
        try
        {
            _xml.MoveToContent();
            return true;
        }
        catch (XmlException e)
        {
            Broken(e);
            return false;
        }
    }

    private bool Next()
    {
        try
        {
            return _xml.Read();
        }
        catch (XmlException e)
        {
            Broken(e);
            return false;
        }
    }

    private void Broken(XmlException e) =>
        _errors.Add(new FluxError(e.LineNumber, e.LinePosition, _current == 0 ? null : _current,
            $"fichier illisible (XML mal formé ou tronqué) : {e.Message}"));

    private void Truncated()
    {
        if (!_errors.Any(e => e.Message.StartsWith("fichier", StringComparison.Ordinal)))
            _errors.Add(new FluxError(_position.LineNumber, _position.LinePosition, _current == 0 ? null : _current,
                "fichier tronqué : il se termine avant la fin de l'élément Racine."));
    }

    private void Fail(string message) => _errors.Add(new FluxError(_position.LineNumber, _position.LinePosition, null, message));

    internal void Invalid(string message)
    {
        if (_currentInvalid) return;
        _currentInvalid = true;
        _errors.Add(new FluxError(_position.LineNumber, _position.LinePosition, _current, message));
    }

    private void OnValidation(object? sender, ValidationEventArgs e)
    {
        var line = e.Exception?.LineNumber ?? _position.LineNumber;
        var column = e.Exception?.LinePosition ?? _position.LinePosition;
        if (_current != 0) _currentInvalid = true;
        _errors.Add(new FluxError(line, column, _current == 0 ? null : _current, "non conforme au schéma vrsb0801 : " + e.Message));
    }

    internal static LocalDate? Date(IReadOnlyDictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var text) ? ParseDate(text) : null;

    internal static LocalDate? ParseDate(string text) =>
        text.Length >= 10 && IsoDate.Parse(text[..10]) is { Success: true } result ? result.Value : null;

    private static long? Long(IReadOnlyDictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    internal static bool? Boolean(string? text) => text switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };

    public void Dispose() => _xml.Dispose();

    /// <summary>Gathers one InfosFoyerRSA block's values as they stream by.</summary>
    private sealed class HouseholdBuilder
    {
        private readonly Dictionary<string, string> _household = [];
        private readonly List<FluxPerson> _people = [];
        private Dictionary<string, string> _person = [];
        private string? _nature, _role, _rsaRole;
        private FluxSuspension? _suspension;
        private FluxClosure? _closure;
        private string? _suspensionReason, _closureReason;
        private LocalDate? _closureDate;
        private bool _addressDone;
        private readonly Dictionary<string, string> _address = [];
        private readonly List<string> _problems = [];

        public void Take(string parent, string name, string value)
        {
            switch (parent)
            {
                case "Organisme" or "Partenaire" or "DemandeRSA" or "EtatDossierRSA":
                    _household[name] = value;
                    break;
                case "Identification":
                    _person[name] = value;
                    break;
                case "Prestations":
                    if (name == "NATPREST") _nature = value;
                    else if (name == "ROLEPERS") _role = value;
                    break;
                case "MontantCalculDroitRSAPersonne" when name == "TOPPERSDRODEVORSA":
                    _person[name] = value;
                    break;
                case "SuspensionDroit" or "SuspensionVersement":
                    if (name is "MOTISUSDRORSA" or "MOTISUSVERSRSA") _suspensionReason = value;
                    else if (name is "DDSUSDRORSA" or "DDSUSVERSRSA" && ParseDate(value) is { } since
                             && (_suspension is null || since < _suspension.Since))
                        _suspension = new FluxSuspension(_suspensionReason ?? "", since);
                    break;
                case "FinDroit" or "FinDroitMoisAnterieur":
                    if (name == "MOTICLORSA") _closureReason = value;
                    else if (name == "DTCLORSA") _closureDate = ParseDate(value);
                    break;
                case "AdresseDetailleeFrance" when !_addressDone:
                    _address[name] = value;
                    break;
            }
        }

        public void Close(string name)
        {
            switch (name)
            {
                case "Prestations":
                    if (_nature == "RSA") _rsaRole = _role;
                    _nature = _role = null;
                    break;
                case "Personne":
                    _people.Add(Person());
                    _person = [];
                    _rsaRole = null;
                    break;
                case "FinDroit" or "FinDroitMoisAnterieur":
                    if (_closureDate is { } on && (_closure is null || on > _closure.On)) _closure = new FluxClosure(_closureReason ?? "", on);
                    _closureReason = null;
                    _closureDate = null;
                    break;
                case "AdresseDetailleeFrance":
                    _addressDone = true;
                    break;
            }
        }

        private FluxPerson Person()
        {
            var birth = Date(_person, "DTNAI");
            if (birth is null) _problems.Add("date de naissance (DTNAI) absente ou invalide");
            return new FluxPerson(
                _person.GetValueOrDefault("NOM", ""),
                _person.GetValueOrDefault("PRENOM", ""),
                birth ?? default,
                _person.GetValueOrDefault("NIR") is { Length: > 0 } nir ? nir : null,
                _person.GetValueOrDefault("SEXE", ""),
                _rsaRole,
                Boolean(_person.GetValueOrDefault("TOPPERSDRODEVORSA")));
        }

        public FluxHousehold? Build(CafFluxReader reader, int index, int line)
        {
            var application = Date(_household, "DTDEMRSA");
            if (application is null) _problems.Add("date de demande (DTDEMRSA) absente ou invalide");
            if (!_household.TryGetValue("MATRICULE", out var matricule) || matricule.Length == 0) _problems.Add("matricule (MATRICULE) absent");
            var state = _household.TryGetValue("ETATDOSRSA", out var code) && code.Length == 1 && code[0] is >= '0' and <= '6'
                ? (RightState)(code[0] - '0') : RightState.Unknown;
            if (state == RightState.Unknown) _problems.Add($"état du dossier (ETATDOSRSA) inconnu : « {code} »");
            if (state is RightState.Closed or RightState.ClosedWithRegularisation && _closure is null)
                _problems.Add("droit clos (ETATDOSRSA 5 ou 6) sans date de clôture (FinDroit/DTCLORSA)");
            if (_problems.Count > 0)
            {
                reader.Invalid(string.Join(" ; ", _problems) + ".");
                return null;
            }
            var street = string.Join(' ', new[] { "NUMVOIE", "LIBTYPEVOIE", "NOMVOIE" }.Select(k => _address.GetValueOrDefault(k)).Where(v => !string.IsNullOrEmpty(v)));
            var town = string.Join(' ', new[] { "CODEPOS", "NOMCOM" }.Select(k => _address.GetValueOrDefault(k)).Where(v => !string.IsNullOrEmpty(v)));
            var address = string.Join(", ", new[] { street, town }.Where(v => v.Length > 0));
            return new FluxHousehold(
                index, line,
                _household.GetValueOrDefault("FONORG", ""),
                matricule!,
                _household.GetValueOrDefault("IDEPARTE", ""),
                application!.Value,
                _household.GetValueOrDefault("NUMDEMRSA", ""),
                state,
                _suspension,
                _closure,
                _address.GetValueOrDefault("NUMCOM"),
                address.Length == 0 ? null : address,
                _people);
        }
    }
}
