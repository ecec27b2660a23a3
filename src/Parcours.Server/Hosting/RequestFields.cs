using System.Globalization;
using Microsoft.AspNetCore.Http;
using NodaTime;
using NodaTime.Text;

namespace Parcours.Server.Hosting;

/// <summary>One field of a request that cannot be read: missing, not a date, not one of the allowed values.</summary>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>
/// Reads the fields of a request body into domain values and collects every problem, so that one 400 answer
/// (<c>request.invalid-fields</c>) lists them all. Text fields are passed on as typed: the domain checks them (422).
/// </summary>
public sealed class RequestFields
{
    public const string InvalidFields = "request.invalid-fields";

    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public LocalDate Date(string field, string? value) => OptionalDate(field, value, required: true) ?? default;

    public LocalDate? OptionalDate(string field, string? value) => OptionalDate(field, value, required: false);

    public bool Bool(string field, bool? value)
    {
        if (value is null) Missing(field);
        return value ?? false;
    }

    public long Long(string field, long? value)
    {
        if (value is null) Missing(field);
        return value ?? 0;
    }

    public Guid Id(string field, Guid? value)
    {
        if (value is null || value == Guid.Empty) Missing(field);
        return value ?? Guid.Empty;
    }

    /// <summary>An enum value by its name (as the API writes it), case-insensitive; numbers are refused.</summary>
    public T Enum<T>(string field, string? value, T? fallback = null) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (fallback is null) Missing(field);
            return fallback ?? default;
        }
        var trimmed = value.Trim();
        if (!char.IsAsciiDigit(trimmed[0]) && trimmed[0] != '-' && System.Enum.TryParse<T>(trimmed, ignoreCase: true, out var parsed)
            && System.Enum.IsDefined(parsed))
        {
            return parsed;
        }
        _errors.Add(new FieldError(field, "value.unknown",
            $"« {value} » n'est pas une valeur connue pour « {field} » (valeurs admises : {string.Join(", ", System.Enum.GetNames<T>())})."));
        return default;
    }

    public void Add(FieldError error) => _errors.Add(error);

    /// <summary>The 400 answer listing every field problem.</summary>
    public IResult Problem() => Problems.Result(StatusCodes.Status400BadRequest, InvalidFields,
        _errors.Count == 1 ? _errors[0].Message : $"{_errors.Count} champs de la requête sont invalides.",
        new Dictionary<string, object?> { ["errors"] = _errors });

    private LocalDate? OptionalDate(string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Missing(field);
            return null;
        }
        var result = IsoDate.Parse(value.Trim());
        if (result.Success) return result.Value;
        _errors.Add(new FieldError(field, "date.invalid",
            $"« {value} » n'est pas une date valide pour « {field} » : format attendu AAAA-MM-JJ (par exemple 2025-03-31)."));
        return null;
    }

    private void Missing(string field) =>
        _errors.Add(new FieldError(field, "field.required", $"Le champ « {field} » est obligatoire."));

    internal static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
