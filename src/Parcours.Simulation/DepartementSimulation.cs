using Parcours.Domain.Pathways;
using Parcours.Simulation.Generation;
using Parcours.Simulation.Identities;
using Parcours.Simulation.Profiles;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation;

/// <summary>
/// The synthetic people of one département, generated one at a time: the same seed and profile give the same
/// people, byte for byte, on any machine. Each person is drawn from generators seeded by (seed, tenant, index)
/// only, so people can be generated alone, in any order, on any thread (this class holds no mutable state).
/// Two adjacent indexes of the same cohort may form a couple: they share the CAF household and its right.
/// </summary>
public sealed class DepartementSimulation
{
    private static class Streams
    {
        public const ulong Couple = 1, Household = 2, Person = 3, Identity = 4;
    }

    private readonly IdentityGenerator _identities;
    private readonly RightTimeline _timeline;
    private readonly PersonPlanner _planner;
    private readonly EventRecorder _recorder;

    public DepartementSimulation(SimulationProfile profile, ulong seed)
    {
        Profile = profile;
        Seed = seed;
        Layout = new PopulationLayout(profile);
        Organisations = new OrganisationCatalogue(profile);
        _identities = new IdentityGenerator(profile.Tenant, Organisations.Territories, profile.Window.FirstDay);
        _timeline = new RightTimeline(profile);
        var actors = new Actors(profile.Tenant, profile.OrientationStaff, profile.Referents);
        _planner = new PersonPlanner(profile, _timeline, new OrientationPlanner(profile, Organisations, actors), actors);
        _recorder = new EventRecorder(profile);
    }

    public SimulationProfile Profile { get; }
    public ulong Seed { get; }
    public PopulationLayout Layout { get; }
    public OrganisationCatalogue Organisations { get; }
    public long PeopleCount => Layout.Count;

    /// <summary>Every person in index order, generated lazily: memory stays bounded by one person.</summary>
    public IEnumerable<SyntheticPerson> People()
    {
        for (long index = 0; index < Layout.Count; index++) yield return Person(index);
    }

    public SyntheticPerson Person(long index)
    {
        var (householdIndex, role) = HouseholdOf(index);
        var householdRandom = Random(householdIndex, Streams.Household);
        var household = _identities.Household(householdIndex, householdRandom);
        var episodes = _timeline.Draw(Layout.EntryMonthOf(householdIndex), householdRandom);

        Sex? applicantSex = role == HouseholdRole.Partner ? IdentityOf(householdIndex, household, HouseholdRole.Applicant, null).Sex : null;
        var identity = IdentityOf(index, household, role, applicantSex);

        var random = Random(index, Streams.Person);
        var caseId = new CaseId(random.NextGuid());
        var events = _recorder.Record(_planner.Plan(episodes, household.Territory, random), random);
        return new SyntheticPerson(Profile.Tenant, index, caseId, identity, events);
    }

    private SyntheticIdentity IdentityOf(long index, HouseholdIdentity household, HouseholdRole role, Sex? partnerSex) =>
        _identities.Person(index, household, role, partnerSex, Random(index, Streams.Identity));

    /// <summary>Indexes 2k and 2k+1 of the same cohort form a couple with the profile's probability; 2k applies.</summary>
    private (long HouseholdIndex, HouseholdRole Role) HouseholdOf(long index)
    {
        var first = index & ~1L;
        var couple = Layout.SameCohort(first, first + 1) && Random(first, Streams.Couple).Chance(Profile.Right.CoupleShare);
        return !couple ? (index, HouseholdRole.Applicant)
            : index == first ? (first, HouseholdRole.Applicant)
            : (first, HouseholdRole.Partner);
    }

    private SeededRandom Random(long index, ulong stream) => SeededRandom.For(Seed, Profile.Tenant, index, stream);
}
