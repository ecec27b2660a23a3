using NodaTime;

namespace Parcours.Importers.Cnaf.Flux;

/// <summary>IdentificationFlux: what the file is and which day its data describe.</summary>
/// <param name="Type">TYPEFLUX: M monthly, Q daily.</param>
/// <param name="CreatedAt">DTCREAFLUX and HEUCREAFLUX: when the CAF produced the file.</param>
/// <param name="ReferenceDate">DTREF: the day the data describe, the day the département learns of its changes.</param>
public sealed record FluxHeader(string Type, string Nature, LocalDateTime CreatedAt, LocalDate ReferenceDate);

/// <summary>TransmissionFlux: the counts the file declares.</summary>
public sealed record FluxTrailer(long Households, long AnomalyHouseholds);

/// <summary>ETATDOSRSA, the state of the household's right.</summary>
public enum RightState
{
    Pending = 0,
    Refused = 1,
    OpenPayable = 2,
    OpenSuspended = 3,
    PaymentSuspended = 4,
    Closed = 5,
    ClosedWithRegularisation = 6,
    Unknown = -1,
}

/// <summary>A suspension of the right (SuspensionDroit) or of its payment (SuspensionVersement).</summary>
public sealed record FluxSuspension(string Reason, LocalDate Since);

/// <summary>FinDroit or FinDroitMoisAnterieur: the closure of the right.</summary>
public sealed record FluxClosure(string Reason, LocalDate On);

/// <summary>One person of a household (only what Parcours uses; the rest of the block is read and left).</summary>
/// <param name="RsaRole">ROLEPERS of the Prestations block whose NATPREST is RSA: DEM applicant, CJT partner, ENF child...</param>
/// <param name="SubjectToRightsAndDuties">TOPPERSDRODEVORSA, absent for people the right does not count.</param>
public sealed record FluxPerson(
    string LastName,
    string FirstName,
    LocalDate BirthDate,
    string? Nir,
    string Sex,
    string? RsaRole,
    bool? SubjectToRightsAndDuties);

/// <summary>One InfosFoyerRSA block: a household's RSA file as the CAF sends it.</summary>
/// <param name="Index">1 for the first household of the file.</param>
/// <param name="Line">Line of its opening tag in the file.</param>
/// <param name="Matricule">MATRICULE, the household number at the CAF (the "numéro CAF").</param>
public sealed record FluxHousehold(
    int Index,
    int Line,
    string Organisation,
    string Matricule,
    string Departement,
    LocalDate ApplicationDate,
    string ApplicationNumber,
    RightState State,
    FluxSuspension? Suspension,
    FluxClosure? Closure,
    string? CommuneCode,
    string? Address,
    IReadOnlyList<FluxPerson> People);

/// <summary>Where a file breaks the format, and why (French, for the person importing).</summary>
/// <param name="Household">The household's index in the file, or null outside any household (header, trailer, the file itself).</param>
public sealed record FluxError(int Line, int Column, int? Household, string Message)
{
    public override string ToString() =>
        Household is { } h ? $"ligne {Line}:{Column}, foyer n° {h} : {Message}" : $"ligne {Line}:{Column} : {Message}";
}
