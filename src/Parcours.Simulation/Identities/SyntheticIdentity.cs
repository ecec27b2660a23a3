using NodaTime;

namespace Parcours.Simulation.Identities;

/// <summary>Rôle of the person in the CAF household (ROLEPERS of the flux).</summary>
public enum HouseholdRole { Applicant, Partner }

public enum Sex { Male, Female }

/// <summary>
/// The identity behind a synthetic case, for files that carry identities (the CAF flux). It never goes into a
/// pathway event. Every value is invented: names from a list of made-up names, a NIR valid in format only.
/// </summary>
/// <param name="CafMatricule">The household number at the CAF (7 digits), shared by the two members of a couple.</param>
/// <param name="CommuneCode">INSEE-shaped code of the commune of residence, in the tenant's département.</param>
/// <param name="Territory">The direction territoriale the person depends on ("DT3").</param>
public sealed record SyntheticIdentity(
    string CafMatricule,
    HouseholdRole Role,
    string LastName,
    string FirstName,
    LocalDate BirthDate,
    Sex Sex,
    Nir Nir,
    string CommuneCode,
    string Territory)
{
    /// <summary>The ROLEPERS code of the CAF flux: DEM (applicant) or CJT (partner).</summary>
    public string CafRoleCode => Role == HouseholdRole.Applicant ? "DEM" : "CJT";

    /// <summary>The SEXE code of the CAF flux and the first digit of the NIR.</summary>
    public string SexCode => Sex == Sex.Male ? "1" : "2";
}
