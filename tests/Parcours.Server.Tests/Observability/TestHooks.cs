using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Parcours.Server.Tests.Observability;

/// <summary>
/// The test server has no network peer: a request may say which client address it comes from in
/// <see cref="Header"/> (a startup filter, ahead of the whole pipeline, sets the connection's remote address).
/// </summary>
public static class ClientAddress
{
    public const string Header = "X-Test-Client-Address";

    public static void Install(WebApplicationBuilder builder) => builder.Services.AddSingleton<IStartupFilter, Filter>();

    /// <summary>A client whose requests come from <paramref name="address"/>.</summary>
    public static HttpClient From(this HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }

    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var address)) context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Every log entry the server writes, at every level, with its message, properties, scopes and exception.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> Properties,
        IReadOnlyList<object?> Scopes, string? Exception)
    {
        /// <summary>Everything the entry would put in a log file, as text.</summary>
        public string Text => string.Join(" | ",
            new[] { Category, Level.ToString(), Message, Exception ?? "" }
                .Concat(Properties.Select(p => $"{p.Key}={p.Value}"))
                .Concat(Scopes.Select(ScopeText)));

        /// <summary>The value of a property of the entry's scopes, if one has it.</summary>
        public object? ScopeProperty(string name) =>
            Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(s => s).FirstOrDefault(p => p.Key == name).Value;

        private static string ScopeText(object? scope) => scope switch
        {
            IEnumerable<KeyValuePair<string, object?>> properties => string.Join(", ", properties.Select(p => $"{p.Key}={p.Value}")) + " / " + scope,
            _ => scope?.ToString() ?? "",
        };
    }

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>Adds this provider and lets every category log at every level.</summary>
    public void Install(WebApplicationBuilder builder)
    {
        builder.Logging.AddProvider(this);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFilter((_, _) => true);
    }

    /// <summary>Command-line settings lifting the server's default levels (Information, Microsoft.AspNetCore at Warning).</summary>
    public static string[] EverythingArgs => ["--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:Microsoft=Trace"];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<object?>();
            owner._scopes.ForEachScope((scope, list) => list.Add(scope), scopes);
            var properties = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            owner._entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), [.. properties], scopes, exception?.ToString()));
        }
    }
}
