using System.Globalization;
using NodaTime;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Identities;

/// <summary>What the two members of a household share.</summary>
internal sealed record HouseholdIdentity(string CafMatricule, string Territory, string CommuneCode, string LastName);

/// <summary>Invents identities consistent with the tenant: residence and (mostly) birth in its département.</summary>
internal sealed class IdentityGenerator(string tenant, IReadOnlyList<string> territories, LocalDate referenceDay)
{
    private static readonly Weighted<(int Min, int Max)>[] Ages =
        [new((18, 24), 0.05), new((25, 34), 0.32), new((35, 49), 0.38), new((50, 64), 0.25)];

    private readonly ulong _matriculeSalt = SeededRandom.StableHash(tenant) % 9_000_000;

    /// <summary>
    /// Unique in the tenant for each household index (an affine bijection of [0, 9,000,000)), so that CAF files
    /// never merge two synthetic households.
    /// </summary>
    public string MatriculeOf(long householdIndex) =>
        (1_000_000 + ((ulong)householdIndex * 7_777_777UL + _matriculeSalt) % 9_000_000).ToString(CultureInfo.InvariantCulture);

    public HouseholdIdentity Household(long householdIndex, SeededRandom random)
    {
        var territoryNumber = random.Between(1, territories.Count);
        return new HouseholdIdentity(
            MatriculeOf(householdIndex),
            territories[territoryNumber - 1],
            CommuneIn(territoryNumber, random),
            random.Pick(FakeNames.LastNames));
    }

    /// <param name="index">The person's index in the population: it makes their NIR unique (see <see cref="NirFor"/>).</param>
    public SyntheticIdentity Person(long index, HouseholdIdentity household, HouseholdRole role, Sex? partnerSex, SeededRandom random)
    {
        var sex = partnerSex is { } other
            ? (random.Chance(0.9) ? Opposite(other) : other)
            : (random.Chance(0.55) ? Sex.Female : Sex.Male);
        var ages = random.Pick(Ages);
        var birth = referenceDay.PlusYears(-random.Between(ages.Min, ages.Max)).PlusDays(-random.Next(365));
        var lastName = role == HouseholdRole.Partner && random.Chance(0.5) ? random.Pick(FakeNames.LastNames) : household.LastName;
        var firstName = random.Pick(sex == Sex.Female ? FakeNames.WomenFirstNames : FakeNames.MenFirstNames);
        return new SyntheticIdentity(household.CafMatricule, role, lastName, firstName, birth, sex,
            NirFor(index, sex, birth, random), household.CommuneCode, household.Territory);
    }

    public static Sex Opposite(Sex sex) => sex == Sex.Male ? Sex.Female : Sex.Male;

    /// <summary>People up to this index have pairwise different NIRs, wherever they are born (see <see cref="NirFor"/>).</summary>
    public const long UniqueNirs = 99 * 999;

    /// <summary>
    /// Sex, year and month of birth come from the identity; the département of birth is drawn (mostly the tenant's);
    /// the last six digits of the place and order number come from the person's index, so that no two people of one
    /// population share a NIR: order number 1 + index mod 999, and the commune (or country, or overseas commune) of
    /// birth 1 + (index / 999) (100 + ... for a country). Distinct below <see cref="UniqueNirs"/> people whatever the
    /// birthplace (the two-digit overseas commune is the narrowest); beyond 998,001 mainland-born people, or 899,100
    /// foreign-born, the numbers wrap around.
    /// </summary>
    private Nir NirFor(long index, Sex sex, LocalDate birth, SeededRandom random)
    {
        var block = index / 999;
        var order = 1 + index % 999;
        var place = random.NextDouble() switch
        {
            < 0.65 => BirthPlaceIn(tenant, block),
            < 0.85 => BirthPlaceIn(OtherMainlandDepartement(random), block),
            _ => string.Create(CultureInfo.InvariantCulture, $"99{100 + block % 900:000}"),
        };
        var body = string.Create(CultureInfo.InvariantCulture,
            $"{(sex == Sex.Male ? 1 : 2)}{birth.Year % 100:00}{birth.Month:00}{place}{order:000}");
        return Nir.FromBody(body);
    }

    /// <summary>Département (2 characters) then commune (3): overseas départements use 97 then their third digit and a two-digit commune.</summary>
    private static string BirthPlaceIn(string departement, long block) =>
        departement.Length == 3
            ? string.Create(CultureInfo.InvariantCulture, $"97{departement[2]}{1 + block % 99:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{departement}{1 + block % 999:000}");

    private string OtherMainlandDepartement(SeededRandom random)
    {
        while (true)
        {
            var number = random.Between(1, 95);
            var code = number == 20 ? (random.Chance(0.5) ? "2A" : "2B") : number.ToString("00", CultureInfo.InvariantCulture);
            if (code != tenant) return code;
        }
    }

    /// <summary>Eight communes per territory, INSEE-shaped (département code then the rest of 5 characters); Toulouse for DT1 of the 31.</summary>
    private string CommuneIn(int territoryNumber, SeededRandom random)
    {
        if (tenant == "31" && territoryNumber == 1 && random.Chance(0.7)) return "31555";
        var k = random.Next(8);
        var suffix = tenant.Length == 3
            ? ((territoryNumber - 1) * 8 + k + 1) % 100
            : ((territoryNumber - 1) * 8 + k) * 3 + 1;
        return tenant + suffix.ToString(tenant.Length == 3 ? "00" : "000", CultureInfo.InvariantCulture);
    }
}
