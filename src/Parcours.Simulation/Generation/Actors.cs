using System.Globalization;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Generation;

/// <summary>Pseudonymous ids of whoever records a step: staff, référents, and the machines.</summary>
internal sealed class Actors(string tenant, int orientationStaff, int referents)
{
    public const string CafFlux = "caf-flux";
    public const string Import = "import";
    public const string AutomaticOrientation = "orientation-auto";

    public string OrientationStaff(SeededRandom random) =>
        string.Create(CultureInfo.InvariantCulture, $"gsb-{tenant}-{random.Between(1, Math.Max(1, orientationStaff)):000}");

    public string Referent(SeededRandom random) =>
        string.Create(CultureInfo.InvariantCulture, $"ref-{tenant}-{random.Between(1, Math.Max(1, referents)):0000}");
}
