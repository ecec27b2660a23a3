using System.Text;
using NodaTime;
using Parcours.Importers.Cnaf.Flux;

namespace Parcours.Importers.Tests.Support;

/// <summary>Hand-made flux files: households described in a line each, written by <see cref="FluxWriter"/>, or raw text.</summary>
public static class Flux
{
    public static readonly LocalDate January = new(2024, 1, 20);

    /// <summary>An applicant; without a NIR given, <see cref="Household"/> gives them one made from the matricule.</summary>
    public static FluxPerson Applicant(string lastName = "FICTIVIER", string firstName = "Zéphyrine", bool subject = true, string? nir = null) =>
        new(lastName, firstName, new LocalDate(1984, 7, 2), nir is null ? null : Nir(nir), "2", "DEM", subject);

    public static FluxPerson Partner(string lastName = "ÉCHANTILLON", string firstName = "Hélidore", bool subject = true) =>
        new(lastName, firstName, new LocalDate(1980, 3, 14), null, "1", "CJT", subject);

    /// <summary>A NIR of its own for each household and sex: "2 84 07 31 555" then the matricule's last 3 digits.</summary>
    public static string NirFor(string matricule, string sex) =>
        Nir($"{sex}840731555{(long.Parse(matricule) % 1000):000}00");

    /// <summary>A valid NIR built from the first 13 characters given (the key is computed).</summary>
    public static string Nir(string value) => Parcours.Simulation.Identities.Nir.FromBody(value[..13]).Value;

    public static FluxHousehold Household(
        string matricule, RightState state, LocalDate? application = null, FluxSuspension? suspension = null, FluxClosure? closure = null,
        params FluxPerson[] people) =>
        new(0, 0, "CAF", matricule, "31", application ?? new LocalDate(2023, 12, 5), "0000000001", state, suspension, closure, "31555", null,
            [.. (people.Length == 0 ? [Applicant()] : people).Select(p => p.Nir is null ? p with { Nir = NirFor(matricule, p.Sex) } : p)]);

    public static byte[] File(LocalDate reference, params FluxHousehold[] households) => File(reference, "M", households);

    public static byte[] File(LocalDate reference, string type, params FluxHousehold[] households)
    {
        using var stream = new MemoryStream();
        using (var writer = new FluxWriter(stream, new FluxHeader(type, "A", reference + new LocalTime(6, 0), reference), "31"))
        {
            foreach (var household in households) writer.Write(household);
        }
        return stream.ToArray();
    }

    public static string Text(byte[] file) => FluxSchema.Windows1252.GetString(file);

    public static byte[] Bytes(string text) => FluxSchema.Windows1252.GetBytes(text);

    public static (List<FluxHousehold> Households, CafFluxReader Reader) Read(byte[] file)
    {
        var reader = CafFluxReader.Open(new MemoryStream(file));
        return ([.. reader.Households()], reader);
    }

    public static string Utf8(byte[] file) => Encoding.UTF8.GetString(file);
}
