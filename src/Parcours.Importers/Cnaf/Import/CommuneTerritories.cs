namespace Parcours.Importers.Cnaf.Import;

/// <summary>
/// The département's map from commune (INSEE code, NUMCOM of the flux) to territory: a CSV <c>code_commune;territoire</c>
/// (UTF-8, header line). The flux itself carries no territory.
/// </summary>
public static class CommuneTerritories
{
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var map = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var parts = line.Split(';');
            if (parts.Length >= 2 && parts[0].Trim().Length > 0) map[parts[0].Trim()] = parts[1].Trim();
        }
        return map;
    }

    public static void Write(string path, IEnumerable<KeyValuePair<string, string>> map) =>
        File.WriteAllLines(path, ["code_commune;territoire", .. map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key};{p.Value}")]);
}
