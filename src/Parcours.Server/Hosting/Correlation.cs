using System.Collections;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Parcours.Server.Hosting;

/// <summary>
/// One correlation id per request: the caller's <c>X-Correlation-Id</c> when it is a UUID in its usual form
/// (8-4-4-4-12 hexadecimal digits), else a new one. It is echoed in the response's <c>X-Correlation-Id</c>, attached to
/// every log line written while the request runs (a logging scope with a <c>CorrelationId</c> property), and stored as
/// the correlation id of the events the request appends. One line per request closes it (category
/// Parcours.Server.Correlation, event RequestCompleted): method, route pattern, status, duration (Debug for successful probes and scrapes).
/// </summary>
public static partial class Correlation
{
    public const string Header = "X-Correlation-Id";
    private static readonly object ItemKey = new();

    /// <summary>The request's correlation id (a new one if the middleware did not run, e.g. outside a request pipeline).</summary>
    public static Guid Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is Guid id ? id : Assign(context, null);

    /// <summary>The caller's id if well formed (a UUID such as 0196c2a4-7f1e-7b21-9a55-3f2b8c1d4e6f), else null.</summary>
    public static Guid? Parse(string? header) =>
        header is { Length: 36 } && Guid.TryParseExact(header, "D", out var id) ? id : null;

    /// <summary>Outermost middleware: assigns the id, echoes it, and opens the logging scope for the whole request.</summary>
    public static WebApplication UseCorrelationId(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Parcours.Server.Correlation");
        app.Use(async (context, next) =>
        {
            var id = Assign(context, Parse(context.Request.Headers[Header].ToString()));
            // OnStarting: the exception handler clears the headers of a failed response before writing its problem.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = id.ToString();
                return Task.CompletedTask;
            });
            using (logger.BeginScope(new Scope(id)))
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await next(context);
                }
                finally
                {
                    var route = Route(context);
                    // Probes and scrapes come every few seconds: Debug, unless they fail.
                    var level = context.Response.StatusCode < 400 && (route.StartsWith("/health/", StringComparison.Ordinal) || route == "/metrics")
                        ? LogLevel.Debug
                        : LogLevel.Information;
                    LogRequest(logger, level, context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        });
        return app;
    }

    /// <summary>The matched route's pattern, never the path itself (no identifier typed in a URL reaches the logs).</summary>
    private static string Route(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.GetEndpoint()?.DisplayName ?? "(aucune route)";

    [LoggerMessage(EventId = 1, EventName = "RequestCompleted", Message = "{Method} {Route} : {Status} en {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string method, string route, int status, double elapsedMs);

    private static Guid Assign(HttpContext context, Guid? given)
    {
        var id = given ?? Guid.CreateVersion7();
        context.Items[ItemKey] = id;
        return id;
    }

    /// <summary>The scope's state: one property, <c>CorrelationId</c> (what the JSON formatter writes under Scopes).</summary>
    private sealed class Scope(Guid id) : IReadOnlyList<KeyValuePair<string, object>>
    {
        private readonly KeyValuePair<string, object> _property = new("CorrelationId", id.ToString());

        public int Count => 1;

        public KeyValuePair<string, object> this[int index] => index == 0 ? _property : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return _property;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"CorrelationId:{_property.Value}";
    }
}
