using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Parcours.EventStore;
using Parcours.Server.Auth;
using Parcours.Server.Hosting;
using Parcours.Server.Tests.Api;

namespace Parcours.Server.Tests.Observability;

/// <summary>A server whose log entries are captured at every level.</summary>
public sealed class CorrelatedApi : ApiFixture
{
    public CapturedLogs Logs { get; } = new();

    protected override Action<WebApplicationBuilder>? ConfigureBuilder => Logs.Install;

    protected override string[] Args => CapturedLogs.EverythingArgs;
}

/// <summary>One correlation id per request: taken from the caller when well formed, echoed, in the logs and the events.</summary>
public sealed class CorrelationTests(CorrelatedApi api) : IClassFixture<CorrelatedApi>
{
    [Fact]
    public async Task The_callers_id_is_echoed_scopes_every_log_line_of_the_request_and_is_stored_with_the_events_it_appends()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var caseId = await manager.CreateCaseAsync();
        var correlation = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Steps.Case(caseId)}/orientations")
        {
            Content = JsonContent(Steps.Orientation()),
        };
        request.Headers.Add(Correlation.Header, correlation.ToString());

        var response = await manager.SendAsync(request);

        await response.ShouldBeAsync(HttpStatusCode.OK);
        response.Headers.GetValues(Correlation.Header).Single().ShouldBe(correlation.ToString());
        var events = await api.Server.Services.GetRequiredService<EventStore.EventStore>().ReadStreamAsync(TenantId.Parse(ApiFixture.Dep), new StreamId(caseId));
        events.Select(e => e.CorrelationId).ShouldBe([events[0].CorrelationId, correlation]);
        events[0].CorrelationId.ShouldNotBeNull().ShouldNotBe(correlation);
        var history = await (await (await api.ClientAsync(ParcoursRoles.Auditor)).GetAsync($"{Steps.Case(caseId)}/history")).ShouldBeAsync(HttpStatusCode.OK);
        history.GetProperty("events")[1].GetProperty("correlationId").GetGuid().ShouldBe(correlation);

        // Every entry logged while the pipeline handled this request (the framework's, the server's) carries the id,
        // down to the closing line naming the route and status.
        var path = $"{Steps.Case(caseId)}/orientations";
        var ofRequest = api.Logs.Entries.Where(e => Equals(e.ScopeProperty("RequestPath"), path) && e.ScopeProperty("CorrelationId") is not null).ToList();
        ofRequest.Count.ShouldBeGreaterThan(5);
        ofRequest.ShouldAllBe(e => Equals(e.ScopeProperty("CorrelationId"), correlation.ToString()));
        // Only the host's own opening and closing lines and its host filter run before the first middleware.
        string[] outer = ["Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.HostFiltering.HostFilteringMiddleware"];
        var inPipeline = api.Logs.Entries.Where(e => Equals(e.ScopeProperty("RequestPath"), path) && !outer.Contains(e.Category)).ToList();
        inPipeline.ShouldContain(e => e.Category == "Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware");
        inPipeline.Where(e => e.ScopeProperty("CorrelationId") is null).Select(e => $"{e.Category}: {e.Message}").ShouldBeEmpty();
        var closing = ofRequest.Where(e => e.Message.Contains("/api/departements/{dep}/cases/{caseId:guid}/orientations") && e.Message.Contains(": 200 en")).ShouldHaveSingleItem();
        closing.Category.ShouldBe("Parcours.Server.Correlation");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pas-un-uuid")]
    [InlineData("{0196c2a4-7f1e-7b21-9a55-3f2b8c1d4e6f}")]
    [InlineData("0196c2a4-7f1e-7b21-9a55-3f2b8c1d4e6f'; DROP TABLE x; --")]
    public async Task A_missing_or_malformed_id_is_replaced_by_a_new_one_on_every_answer_even_a_refusal(string? given)
    {
        var seen = new HashSet<string>();
        foreach (var client in new[] { api.Server.CreateClient(null), await api.ClientAsync(ParcoursRoles.Manager) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/departements/31/work-queue");
            if (given is not null) request.Headers.TryAddWithoutValidation(Correlation.Header, given);
            var response = await client.SendAsync(request);
            var echoed = response.Headers.GetValues(Correlation.Header).Single();
            Correlation.Parse(echoed).ShouldNotBeNull().Version.ShouldBe(7);
            echoed.ShouldNotBe(given);
            seen.Add(echoed).ShouldBeTrue("each request has its own id");
        }
    }

    [Fact]
    public async Task An_unhandled_error_keeps_the_correlation_id_on_its_problem_answer()
    {
        await using var server = await ServerUnderTest.StartAsync(ServerUnderTest.UnreachableDatabase(),
            app => app.MapGet("/probe/throws", (Func<string>)(() => throw new InvalidOperationException("sonde"))).AllowAnonymous());
        var correlation = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/probe/throws");
        request.Headers.Add(Correlation.Header, correlation);

        var response = await server.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Headers.GetValues(Correlation.Header).Single().ShouldBe(correlation);
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, System.Text.Json.JsonSerializerOptions.Web), System.Text.Encoding.UTF8, "application/json");
}
