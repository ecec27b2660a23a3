using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Parcours.Server.Tests.Observability;

/// <summary>Console logs are JSON lines with scopes outside Development, readable lines in Development, and configurable.</summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task Outside_development_each_entry_is_one_json_line_carrying_the_correlation_scope()
    {
        await using var server = await ServerUnderTest.StartAsync(ServerUnderTest.UnreachableDatabase(), null, "--environment=Production");
        var options = server.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        options.FormatterName.ShouldBe("json");

        // The formatter the console provider would use, writing an entry inside a request's scopes.
        var formatter = server.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == "json");
        var scopes = new LoggerExternalScopeProvider();
        using var _ = scopes.Push(new Dictionary<string, object?> { ["CorrelationId"] = "0196c2a4-7f1e-7b21-9a55-3f2b8c1d4e6f" });
        var output = new StringWriter();
        formatter.Write(new LogEntry<string>(LogLevel.Information, "Parcours.Test", new EventId(1), "Schémas à jour", null, (s, _) => s), scopes, output);

        var line = output.ToString().TrimEnd('\r', '\n');
        line.ShouldNotContain("\n");
        var json = JsonDocument.Parse(line).RootElement;
        json.GetProperty("Message").GetString().ShouldBe("Schémas à jour");
        line.ShouldContain("\"Schémas à jour\"", Case.Sensitive, "French stays readable, not \\u-escaped");
        json.GetProperty("Timestamp").GetString()!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        json.GetProperty("Scopes").EnumerateArray().Any(s => s.TryGetProperty("CorrelationId", out var id) && id.GetString() == "0196c2a4-7f1e-7b21-9a55-3f2b8c1d4e6f")
            .ShouldBeTrue(line);
    }

    [Theory]
    [InlineData("Development", null, "simple")]
    [InlineData("Production", "simple", "simple")]
    public async Task Development_or_configuration_give_readable_lines(string environment, string? configured, string expected)
    {
        string[] args = configured is null ? [$"--environment={environment}"] : [$"--environment={environment}", $"--Logging:Console:FormatterName={configured}"];
        await using var server = await ServerUnderTest.StartAsync(ServerUnderTest.UnreachableDatabase(), null, args);
        var name = server.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        (name ?? "simple").ShouldBe(expected);
    }
}
