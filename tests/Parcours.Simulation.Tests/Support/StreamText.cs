using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Parcours.Simulation.Tests.Support;

/// <summary>A canonical text of generated people (invariant culture), and its SHA-256, to compare runs byte for byte.</summary>
public static class StreamText
{
    public static string Hash(IEnumerable<SyntheticPerson> people)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var person in people)
            {
                sha.AppendData(Encoding.UTF8.GetBytes($"{person.Tenant}|{person.Index}|{person.CaseId}|{person.Identity}\n"));
                foreach (var e in person.Events)
                    sha.AppendData(Encoding.UTF8.GetBytes($"{e.Version}|{e.RecordedAt}|{e.RecordedBy}|{e.Event.GetType().Name}|{e.Event}\n"));
            }
            return Convert.ToHexString(sha.GetHashAndReset());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
