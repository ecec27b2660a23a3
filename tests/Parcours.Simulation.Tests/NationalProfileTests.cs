using System.Diagnostics;
using Parcours.Simulation.Profiles;
using Parcours.Simulation.Tests.Support;

namespace Parcours.Simulation.Tests;

public class NationalProfileTests
{
    private static readonly NationalSimulation France = new(NationalProfile.Default, 1);

    [Fact]
    public void France_has_101_departements_and_about_2_1_million_people_at_the_start()
    {
        France.Departements.Count.ShouldBe(101);
        France.Departements.Select(d => d.Profile.Tenant).Distinct().Count().ShouldBe(101);
        var stock = France.Departements.Sum(d => (long)d.Profile.InitialStock);
        stock.ShouldBeInRange(2_090_000, 2_110_000);
    }

    [Fact]
    public void Each_departement_is_sized_by_its_share()
    {
        var nord = France.Departement("59").Profile;
        var lozere = France.Departement("48").Profile;

        ((double)nord.InitialStock / lozere.InitialStock).ShouldBe(110.0, tolerance: 1.0);
        ((double)nord.MonthlyEntrants / nord.InitialStock).ShouldBe(850.0 / 36_000, tolerance: 0.001);
        lozere.Territories.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void The_first_persons_of_a_large_departement_stream_without_generating_the_rest()
    {
        var nord = France.Departement("59");
        nord.PeopleCount.ShouldBeGreaterThan(200_000);

        var stopwatch = Stopwatch.StartNew();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var first = nord.People().Take(2_000).ToList();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        first.Count.ShouldBe(2_000);
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        // Generating all 200,000+ people would allocate gigabytes; 2,000 stay well under 200 MB.
        allocated.ShouldBeLessThan(200L * 1024 * 1024);
        var last = nord.Person(nord.PeopleCount - 1);
        last.Events.ShouldNotBeEmpty();
    }

    [Fact]
    public void Departements_generated_in_parallel_give_the_same_people_as_one_by_one()
    {
        string[] codes = ["2A", "974", "31", "75"];
        var sequential = codes.Select(c => StreamText.Hash(France.Departement(c).People().Take(50))).ToList();
        var parallel = codes.AsParallel().AsOrdered().Select(c => StreamText.Hash(France.Departement(c).People().Take(50))).ToList();

        parallel.ShouldBe(sequential);
        sequential.Distinct().Count().ShouldBe(codes.Length);
    }

    [Fact]
    public void Organisations_and_actors_carry_their_tenant()
    {
        var reunion = France.Departement("974").People().Take(300).ToList();
        var organisations = reunion.SelectMany(p => p.Events).Select(e => e.Event)
            .OfType<Domain.Pathways.OrientationDecided>().Select(o => o.Organisation).ToList();

        organisations.ShouldNotBeEmpty();
        organisations.ShouldAllBe(o => o.Contains("-974-"));
        reunion.SelectMany(p => p.Events).Where(e => e.RecordedBy.StartsWith("gsb-")).ShouldAllBe(e => e.RecordedBy.StartsWith("gsb-974-"));
    }
}
