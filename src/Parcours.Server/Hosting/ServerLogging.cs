using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace Parcours.Server.Hosting;

/// <summary>
/// Console log format: outside the Development environment (so for <c>parcours serve</c> and the compose file), one JSON
/// object per line (Microsoft.Extensions.Logging's JSON console formatter) with UTC timestamps and the scopes, among them
/// the request's <c>CorrelationId</c>. These are defaults below every other configuration source:
/// <c>Logging__Console__FormatterName=simple</c> gives readable lines back.
/// </summary>
public static class ServerLogging
{
    public static void SetDefaults(WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment()) return;
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData =
            [
                new("Logging:Console:FormatterName", "json"),
                new("Logging:Console:FormatterOptions:IncludeScopes", "true"),
                new("Logging:Console:FormatterOptions:UseUtcTimestamp", "true"),
                new("Logging:Console:FormatterOptions:TimestampFormat", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ],
        });
        // French messages stay readable in the JSON (é, not \u00E9); these are log lines, never HTML.
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
            options.JsonWriterOptions = options.JsonWriterOptions with { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
