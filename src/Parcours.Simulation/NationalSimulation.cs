using Parcours.Simulation.Profiles;

namespace Parcours.Simulation;

/// <summary>
/// A synthetic France: one <see cref="DepartementSimulation"/> per département, all from the same seed. They are
/// independent (each person is seeded from seed, tenant and index), so callers may run them in parallel; the
/// sequential <see cref="People"/> streams them one person at a time.
/// </summary>
public sealed class NationalSimulation(NationalProfile profile, ulong seed)
{
    public NationalProfile Profile { get; } = profile;

    public IReadOnlyList<DepartementSimulation> Departements { get; } =
        [.. profile.Departements.Select(p => new DepartementSimulation(p, seed))];

    public DepartementSimulation Departement(string code) =>
        Departements.SingleOrDefault(d => d.Profile.Tenant == code)
        ?? throw new ArgumentException($"No département \"{code}\".", nameof(code));

    public long PeopleCount => Departements.Sum(d => d.PeopleCount);

    public IEnumerable<SyntheticPerson> People() => Departements.SelectMany(d => d.People());
}
