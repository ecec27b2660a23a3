using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Parcours.Server.Hosting;

namespace Parcours.Server.Web;

/// <summary>
/// What a page shows of the answer of the server's use-case code (the same <see cref="IResult"/> the API sends): its
/// status, stable code, French message and field errors, or success.
/// </summary>
public sealed record ProblemView(int Status, string Code, string Message, IReadOnlyList<FieldError> Fields, long? CurrentVersion)
{
    public const string VersionMismatch = "case.version-mismatch";

    public bool IsConflict => Code == VersionMismatch;

    /// <summary>The problem an answer carries, or null when it is a success.</summary>
    public static ProblemView? Of(IResult? result)
    {
        if (result is not ProblemHttpResult { ProblemDetails: var details }) return null;
        return From(details);
    }

    public static ProblemView From(ProblemDetails details)
    {
        var code = details.Extensions.TryGetValue("code", out var c) ? c as string ?? "" : "";
        var fields = details.Extensions.TryGetValue("errors", out var e) && e is IEnumerable<FieldError> list ? list.ToList() : [];
        var current = details.Extensions.TryGetValue("currentVersion", out var v) && v is long version ? version : (long?)null;
        return new ProblemView(details.Status ?? StatusCodes.Status500InternalServerError, code, details.Detail ?? details.Title ?? "", fields, current);
    }

    /// <summary>The message of one field, with the field's French label in place of its API name.</summary>
    public string? For(string field, string label) =>
        Fields.FirstOrDefault(f => f.Field == field)?.Message.Replace($"« {field} »", $"« {label} »", StringComparison.Ordinal);
}
