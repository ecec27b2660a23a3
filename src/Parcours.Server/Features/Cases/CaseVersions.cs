using Microsoft.AspNetCore.Http;

namespace Parcours.Server.Features.Cases;

/// <summary>
/// A case's ETag is its stream version in quotes (<c>"3"</c>). A command sent with <c>If-Match: "3"</c> is recorded
/// only if the case is still at version 3; <c>If-Match: *</c> or no header: no check.
/// </summary>
public static class CaseVersions
{
    public static string ETag(long version) => $"\"{version}\"";

    public static void SetETag(HttpResponse response, long version) => response.Headers.ETag = ETag(version);

    /// <summary>The expected version, null when there is no check; false when the header is not a version.</summary>
    public static bool TryReadIfMatch(HttpRequest request, out long? expected)
    {
        expected = null;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return true;
        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        tag = tag.Trim('"');
        if (long.TryParse(tag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            expected = version;
            return true;
        }
        return false;
    }
}
