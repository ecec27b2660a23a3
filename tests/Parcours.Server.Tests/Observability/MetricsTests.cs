using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Parcours.Server.Auth;
using Parcours.Server.Features.Metrics;
using Parcours.Server.Tests.Api;

namespace Parcours.Server.Tests.Observability;

public sealed class MetricsApi : ApiFixture
{
    protected override Action<WebApplicationBuilder>? ConfigureBuilder => ClientAddress.Install;
}

/// <summary>/metrics in the Prometheus text format: command latency, projection lag per département, HTTP requests by status.</summary>
public sealed partial class MetricsTests(MetricsApi api) : IClassFixture<MetricsApi>
{
    [Fact]
    public async Task Commands_requests_by_status_and_the_projection_lag_per_departement_are_exposed()
    {
        var scraper = api.Server.CreateClient(null).From("127.0.0.1");
        var before = await ScrapeAsync(scraper);
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var caseId = await manager.CreateCaseAsync();
        await (await manager.PostAsync($"{Steps.Case(caseId)}/orientations", Steps.Orientation())).ShouldBeAsync(HttpStatusCode.OK);
        await (await manager.PostAsync($"{Steps.Case(caseId)}/orientations", new { decidedOn = "pas une date" })).ShouldBeAsync(HttpStatusCode.BadRequest);

        var after = await ScrapeAsync(scraper);

        Count(after, "parcours_command_duration_seconds_count", "command=\"cases\",status=\"201\"").ShouldBe(Count(before, "parcours_command_duration_seconds_count", "command=\"cases\",status=\"201\"") + 1);
        Count(after, "parcours_command_duration_seconds_count", "command=\"orientations\",status=\"200\"").ShouldBe(1);
        Count(after, "parcours_command_duration_seconds_count", "command=\"orientations\",status=\"400\"").ShouldBe(1);
        Count(after, "parcours_command_duration_seconds_bucket", "command=\"orientations\",status=\"200\",le=\"+Inf\"").ShouldBe(1);
        Count(after, "http_server_request_duration_seconds_count", "http_response_status_code=\"400\"", "http_route=\"/api/departements/{dep}/cases/{caseId:guid}/orientations\"").ShouldBe(1);
        Count(after, "http_server_request_duration_seconds_count", "http_response_status_code=\"201\"", "http_route=\"/api/departements/{dep}/cases\"").ShouldBeGreaterThanOrEqualTo(1);

        // The lag is sampled at each scrape, for each département: once the daemon has caught up, nothing is behind.
        for (var i = 0; i < 100 && Count(after, "parcours_projection_events_behind", "tenant=\"31\"") != 0; i++)
        {
            await Task.Delay(100);
            after = await ScrapeAsync(scraper);
        }
        Count(after, "parcours_projection_events_behind", "tenant=\"31\"").ShouldBe(0);
        foreach (var series in new[] { "parcours_projection_events_behind", "parcours_projection_cases_due" })
        foreach (var tenant in new[] { "31", "13" })
            Has(after, series, $"tenant=\"{tenant}\"").ShouldBeTrue($"{series} {tenant}");
    }

    [Fact]
    public async Task Only_loopback_callers_read_the_metrics_when_no_scrape_token_is_configured()
    {
        (await api.Server.CreateClient(null).From("::1").GetAsync(MetricsEndpoint.Path)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await api.Server.CreateClient(null).From("192.0.2.7").GetAsync(MetricsEndpoint.Path)).ShouldBeAsync(HttpStatusCode.Unauthorized, ProblemAuthorizationResultHandler.AuthRequired);
        var admin = (await api.ClientAsync(ParcoursRoles.Admin)).From("127.0.0.1");
        await (await admin.GetAsync(MetricsEndpoint.Path)).ShouldBeAsync(HttpStatusCode.Forbidden, MetricsEndpoint.Forbidden);
    }

    private static async Task<string> ScrapeAsync(HttpClient scraper)
    {
        var response = await scraper.GetAsync(MetricsEndpoint.Path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        return await response.Content.ReadAsStringAsync();
    }

    private static bool Has(string text, string name, params string[] labels) =>
        text.Split('\n').Any(line => line.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(line.Contains));

    /// <summary>The value of the series <paramref name="name"/> whose labels contain all of <paramref name="labels"/> (0 if absent).</summary>
    private static double Count(string text, string name, params string[] labels)
    {
        var values = text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(line.Contains))
            .Select(line => double.Parse(SampleValue().Match(line).Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
        values.Count.ShouldBeLessThanOrEqualTo(1, $"{name} {string.Join(",", labels)} names one series");
        return values.SingleOrDefault();
    }

    [GeneratedRegex(@"\} ([-+0-9.eE]+|NaN)( \d+)?$")]
    private static partial Regex SampleValue();
}
