using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation;

public enum OrganisationKind { Mds, FranceTravail, InsertionAssociation }

/// <summary>An organisation that accompanies people of one track, attached to a territorial direction.</summary>
public sealed record Organisation(string Id, OrganisationKind Kind, string Territory)
{
    public Track Track => Kind switch
    {
        OrganisationKind.Mds => Track.Social,
        OrganisationKind.FranceTravail => Track.Professional,
        _ => Track.SocioProfessional,
    };
}

/// <summary>
/// The territories (directions territoriales "DT1".."DTn") and organisations of a simulated département: MDS for
/// the social track, France Travail agencies for the professional track, insertion associations for the
/// socio-professional track. Ids carry the tenant ("MDS-31-07") so that national data never mixes them up.
/// </summary>
public sealed class OrganisationCatalogue
{
    private readonly Dictionary<(Track, string), Organisation[]> _byTrackAndTerritory;

    public OrganisationCatalogue(SimulationProfile profile)
    {
        Tenant = profile.Tenant;
        Territories = [.. Enumerable.Range(1, Math.Max(1, profile.Territories)).Select(t => $"DT{t}")];
        All =
        [
            .. Create(OrganisationKind.Mds, "MDS", profile.Mds),
            .. Create(OrganisationKind.FranceTravail, "FT", profile.FranceTravailAgencies),
            .. Create(OrganisationKind.InsertionAssociation, "ASSO", profile.InsertionAssociations),
        ];
        _byTrackAndTerritory = All.GroupBy(o => (o.Track, o.Territory)).ToDictionary(g => g.Key, g => g.ToArray());
    }

    public string Tenant { get; }
    public IReadOnlyList<string> Territories { get; }
    public IReadOnlyList<Organisation> All { get; }

    /// <summary>An organisation of that track, in the person's territory when there is one there.</summary>
    public Organisation Pick(Track track, string territory, SeededRandom random) =>
        _byTrackAndTerritory.TryGetValue((track, territory), out var local)
            ? random.Pick(local)
            : random.Pick(All.Where(o => o.Track == track).ToArray());

    /// <summary>The kiosque insertion of a territory (group orientation events).</summary>
    public string KioskOf(string territory) => $"KIOSQUE-{Tenant}-{territory}";

    /// <summary>The département's territorial insertion agents (ATI), who run diagnostics.</summary>
    public string InsertionAgentsOf(string territory) => $"ATI-{Tenant}-{territory}";

    private IEnumerable<Organisation> Create(OrganisationKind kind, string prefix, int count) =>
        Enumerable.Range(1, Math.Max(1, count))
            .Select(i => new Organisation($"{prefix}-{Tenant}-{i:00}", kind, Territories[(i - 1) % Territories.Count]));
}
