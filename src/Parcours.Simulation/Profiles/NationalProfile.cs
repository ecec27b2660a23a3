namespace Parcours.Simulation.Profiles;

/// <summary>
/// France: about 2.1 million people in the RSA over 101 départements, each sized by its share of
/// <see cref="Departements.All"/>. Every département gets the rates and delays of <see cref="Template"/>
/// (Haute-Garonne's by default), with its volumes and organisations scaled to its stock.
/// </summary>
public sealed record NationalProfile
{
    public long TotalPeople { get; init; } = 2_100_000;
    public SimulationProfile Template { get; init; } = SimulationProfiles.HauteGaronne;

    public static NationalProfile Default { get; } = new();

    public IReadOnlyList<SimulationProfile> Departements =>
        [.. Profiles.Departements.All.Select(d => ForCode(d.Code))];

    public SimulationProfile ForCode(string code)
    {
        var weights = Profiles.Departements.All;
        var total = weights.Sum(d => d.Weight);
        var weight = weights.Single(d => d.Code == code).Weight;
        var stock = (int)Math.Round(TotalPeople * weight / total);
        var scale = (double)stock / Template.InitialStock;
        return Template with
        {
            Name = $"national/{code}",
            Tenant = code,
            InitialStock = stock,
            MonthlyEntrants = Scaled(Template.MonthlyEntrants, scale, 1),
            Territories = Math.Clamp(Scaled(Template.Territories, scale, 1), 1, 12),
            Mds = Scaled(Template.Mds, scale, 2),
            FranceTravailAgencies = Scaled(Template.FranceTravailAgencies, scale, 1),
            InsertionAssociations = Scaled(Template.InsertionAssociations, scale, 1),
            OrientationStaff = Scaled(Template.OrientationStaff, scale, 2),
            Referents = Scaled(Template.Referents, scale, 5),
        };
    }

    private static int Scaled(int value, double scale, int minimum) => Math.Max(minimum, (int)Math.Round(value * scale));
}
