using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Parcours.EventStore;

namespace Parcours.Server.Hosting;

/// <summary>
/// Turns the exceptions a client can cause into problem details with a stable code: an unreadable body (400, naming
/// the JSON path but never the parser's message), a body too large (413), a wrong media type (415), a département
/// not registered here (404), the database unreachable or restarting (503 with Retry-After: the client retries, with
/// the same Idempotency-Key for a step). Anything else stays a bare 500 problem, without message or stack trace.
/// </summary>
public sealed class ApiExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                await TooLargeAsync(context);
                return true;
            case BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType }:
                await Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "request.unsupported-media-type",
                    "Le corps de la requête doit être du JSON (Content-Type: application/json).");
                return true;
            case BadHttpRequestException { InnerException: JsonException json }:
                await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "request.invalid-json",
                    json.Path is { Length: > 1 } path
                        ? $"Le corps de la requête n'est pas lisible : la valeur en « {path.TrimStart('$', '.')} » n'a pas le type attendu."
                        : "Le corps de la requête n'est pas un JSON valide.",
                    new Dictionary<string, object?> { ["field"] = json.Path?.TrimStart('$', '.') });
                return true;
            case BadHttpRequestException bad:
                await Problems.WriteAsync(context, bad.StatusCode, "request.invalid",
                    "Requête invalide : corps JSON manquant ou paramètre illisible.");
                return true;
            case UnknownTenantException unknown:
                await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "departement.unknown",
                    $"Le département {unknown.Tenant.Code} n'est pas enregistré sur ce serveur.");
                return true;
            case Exception e when IsDatabaseUnavailable(e):
                context.Response.Headers.RetryAfter = "2";
                await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "database.unavailable",
                    "La base de données est momentanément injoignable : renvoyez la requête dans quelques secondes (une étape renvoyée avec la même Idempotency-Key n'est jamais enregistrée deux fois).");
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The database cannot be reached, refuses connections while it starts or stops, or ended our session (a restart):
    /// a transaction cut off before its commit was rolled back (one cut off during its commit may have been recorded: hence
    /// the retry with the same key). Class 57 is "operator intervention"
    /// (admin_shutdown, crash_shutdown, cannot_connect_now); 08 is "connection exception".
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception) => exception switch
    {
        PostgresException p => p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient,
        _ => exception.InnerException is { } inner && IsDatabaseUnavailable(inner),
    };

    public static Task TooLargeAsync(HttpContext context) =>
        Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "request.too-large",
            $"Le corps de la requête dépasse {ApiSetup.MaxBodyBytes / 1024} Kio.");
}
