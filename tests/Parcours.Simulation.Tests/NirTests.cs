using Parcours.Simulation.Identities;
using Parcours.Simulation.Profiles;

namespace Parcours.Simulation.Tests;

public class NirTests
{
    [Theory]
    [InlineData("1850578006048", "30")]
    [InlineData("2990231555123", "72")]
    public void Key_is_97_minus_the_number_modulo_97(string body, string key)
    {
        Nir.FromBody(body).Key.ShouldBe(key);
        Nir.IsValid(body + key).ShouldBeTrue();
    }

    [Fact]
    public void Corsican_births_count_2A_as_19_and_2B_as_18()
    {
        Nir.FromBody("17501" + "2A" + "004123").Key.ShouldBe("94"); // 97 - 1750119004123 mod 97
        Nir.FromBody("28003" + "2B" + "033456").Key.ShouldBe("13"); // 97 - 2800318033456 mod 97
        Nir.IsValid("175012A00412394").ShouldBeTrue();
    }

    [Theory]
    [InlineData("185057800604829")] // wrong key
    [InlineData("18505780060482")]  // too short
    [InlineData("1850578X0604830")] // not a digit
    public void Malformed_values_are_not_valid(string value)
    {
        Nir.IsValid(value).ShouldBeFalse();
    }

    [Theory]
    [InlineData("31")]
    [InlineData("2A")]
    [InlineData("974")]
    public void Every_generated_identity_has_a_valid_nir_consistent_with_sex_birth_and_tenant(string tenant)
    {
        var profile = SimulationProfiles.Small with { Tenant = tenant };
        var people = new DepartementSimulation(profile, 11).People().ToList();

        foreach (var identity in people.Select(p => p.Identity))
        {
            Nir.IsValid(identity.Nir.Value).ShouldBeTrue(identity.Nir.Value);
            identity.Nir.Value[..1].ShouldBe(identity.SexCode);
            identity.Nir.Value[1..3].ShouldBe((identity.BirthDate.Year % 100).ToString("00"));
            identity.Nir.Value[3..5].ShouldBe(identity.BirthDate.Month.ToString("00"));
            identity.CommuneCode.Length.ShouldBe(5);
            identity.CommuneCode.ShouldStartWith(tenant);
            identity.CafMatricule.Length.ShouldBe(7);
        }
        // Most people are born where they live: the NIR carries the tenant's département (97x: "97" then its digit).
        var bornHere = people.Count(p => p.Identity.Nir.Value.Substring(5, tenant.Length) == tenant);
        ((double)bornHere / people.Count).ShouldBeInRange(0.55, 0.75);
    }

    [Fact]
    public void No_two_people_of_a_haute_garonne_sized_population_share_a_nir()
    {
        // 66,000 people: random order numbers gave a few pairs per monthly flux (the steps of the second person found no case).
        var simulation = new DepartementSimulation(SimulationProfiles.HauteGaronne, 2025);
        var nirs = simulation.People().Select(p => p.Identity.Nir.Value).ToList();

        nirs.Count.ShouldBeGreaterThan(60_000);
        nirs.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("974")]
    [InlineData("2A")]
    public void Nirs_stay_distinct_across_the_index_blocks_that_set_the_birthplace(string tenant)
    {
        // Order numbers repeat every 999 people: the commune (or country) of birth, from index / 999, tells them apart.
        var simulation = new DepartementSimulation(SimulationProfiles.HauteGaronne with { Tenant = tenant }, 3);
        var indexes = Enumerable.Range(0, 40).SelectMany(block => new[] { block * 999L, block * 999L + 998 })
            .Where(i => i < simulation.PeopleCount).ToList();
        var nirs = indexes.Select(i => simulation.Person(i).Identity.Nir.Value).ToList();

        indexes.Count.ShouldBe(80);
        nirs.Distinct().Count().ShouldBe(nirs.Count);
        nirs.ShouldAllBe(n => Nir.IsValid(n));
    }

    [Fact]
    public void Couples_share_their_household_and_its_right_and_single_households_have_their_own_matricule()
    {
        var people = new DepartementSimulation(SimulationProfiles.Small, 5).People().ToList();
        var households = people.GroupBy(p => p.Identity.CafMatricule).ToList();

        var couples = households.Where(h => h.Count() == 2).ToList();
        couples.ShouldNotBeEmpty();
        households.ShouldAllBe(h => h.Count() <= 2);
        foreach (var couple in couples)
        {
            couple.Select(p => p.Identity.CafRoleCode).Order().ShouldBe(["CJT", "DEM"]);
            couple.Select(p => p.Identity.CommuneCode).Distinct().Count().ShouldBe(1);
            var entries = couple.Select(p => p.Events[0].Event.BusinessDate).Distinct();
            entries.Count().ShouldBe(1);
        }
    }
}
