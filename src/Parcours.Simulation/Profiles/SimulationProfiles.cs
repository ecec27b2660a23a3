using NodaTime;

namespace Parcours.Simulation.Profiles;

/// <summary>The built-in profiles, by name: "haute-garonne", "small" (and see <see cref="NationalProfile"/>).</summary>
public static class SimulationProfiles
{
    /// <summary>
    /// Haute-Garonne as its reports describe it: about 36,000 people in the RSA, 850 new entrants a month, 5
    /// territories, 30 MDS; 36 months from January 2023, so that the 2025 contrat d'engagement appears.
    /// </summary>
    public static SimulationProfile HauteGaronne { get; } = new() { Name = "haute-garonne", Tenant = "31" };

    /// <summary>A few hundred people over a year, for tests and quick demos.</summary>
    public static SimulationProfile Small { get; } = new()
    {
        Name = "small",
        Tenant = "31",
        StartMonth = new YearMonth(2024, 7),
        Months = 12,
        InitialStock = 300,
        MonthlyEntrants = 25,
        Territories = 2,
        Mds = 3,
        FranceTravailAgencies = 2,
        InsertionAssociations = 2,
        OrientationStaff = 5,
        Referents = 20,
    };

    /// <summary>
    /// <paramref name="profile"/> with <paramref name="factor"/> times its people (stock, entrants) and staff, the same
    /// organisations and period: "haute-garonne-x3" is about 1.2 million events, for benchmarks.
    /// </summary>
    public static SimulationProfile Scaled(SimulationProfile profile, double factor) =>
        profile with
        {
            Name = $"{profile.Name}-x{factor.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            InitialStock = (int)Math.Round(profile.InitialStock * factor),
            MonthlyEntrants = (int)Math.Round(profile.MonthlyEntrants * factor),
            OrientationStaff = (int)Math.Round(profile.OrientationStaff * factor),
            Referents = (int)Math.Round(profile.Referents * factor),
        };

    public static IReadOnlyList<string> Names { get; } = [HauteGaronne.Name, Small.Name];

    public static SimulationProfile ByName(string name) =>
        name switch
        {
            "haute-garonne" => HauteGaronne,
            "small" => Small,
            _ => throw new ArgumentException($"Unknown profile \"{name}\"; known: {string.Join(", ", Names)} (and \"national\", by département).", nameof(name)),
        };
}
