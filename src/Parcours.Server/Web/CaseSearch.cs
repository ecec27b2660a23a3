namespace Parcours.Server.Web;

/// <summary>A case id typed in a search form: the page to open, or what is wrong with it.</summary>
public static class CaseSearch
{
    /// <returns>The URL of the case under <paramref name="pathPrefix"/>, or null (nothing typed, or <paramref name="error"/> set).</returns>
    public static string? Resolve(string? typed, string pathPrefix, out string? error)
    {
        error = null;
        var text = typed?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (Guid.TryParse(text, out var caseId)) return $"{pathPrefix}/{caseId}";
        error = $"« {text} » n'est pas un identifiant de dossier : il a la forme 0196c2a4-7f1e-7b21-9a55-3f2b8c1d4e6f.";
        return null;
    }
}
