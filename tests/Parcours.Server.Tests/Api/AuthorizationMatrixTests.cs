using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Server.Auth;

namespace Parcours.Server.Tests.Api;

public sealed class MatrixApi : ApiFixture;

/// <summary>
/// Every endpoint the server maps (read from its EndpointDataSource, so a new endpoint cannot escape) × every role ×
/// a token of this département and of another × no token, against the table below of who may do what. A new endpoint
/// fails this test until it is added to the table.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixApi api) : IClassFixture<MatrixApi>
{
    private const string Anonymous = "anonymous";
    private const string AnyRole = "any-authenticated";
    /// <summary>Operators only: loopback callers or the scrape token; no API token, whatever its role (403 metrics.forbidden).</summary>
    private const string Operators = "operators";
    private const string M = ParcoursRoles.Manager, I = ParcoursRoles.InsertionService, A = ParcoursRoles.Auditor, Ad = ParcoursRoles.Admin;
    private const string Dep = "/api/departements/{dep}";
    private const string Case = Dep + "/cases/{caseId:guid}";

    /// <summary>Who may call what: the contract documented in docs/api.md.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["GET /health/live"] = [Anonymous],
        ["GET /health/ready"] = [Anonymous],
        ["GET /metrics"] = [Operators],
        ["GET /api-docs"] = [Anonymous],
        ["GET /openapi/{documentName}.json"] = [AnyRole],
        [$"POST {Dep}/cases"] = [M],
        [$"POST {Case}/reentries"] = [M],
        [$"POST {Case}/rights-and-duties"] = [M],
        [$"POST {Case}/suspensions"] = [M],
        [$"POST {Case}/resumptions"] = [M],
        [$"POST {Case}/diagnostics"] = [M],
        [$"POST {Case}/orientations"] = [M],
        [$"POST {Case}/orientation-notifications"] = [M],
        [$"POST {Case}/reorientations"] = [M],
        [$"POST {Case}/appointments"] = [M],
        [$"POST {Case}/appointment-outcomes"] = [M],
        [$"POST {Case}/contracts"] = [M],
        [$"POST {Case}/accompaniment-exits"] = [M],
        [$"POST {Case}/rsa-exits"] = [M],
        [$"POST {Case}/corrections"] = [M],
        [$"POST {Case}/retractions"] = [M],
        [$"GET {Case}"] = [M, A],
        [$"GET {Case}/history"] = [A],
        [$"GET {Case}/as-of"] = [A],
        [$"GET {Dep}/verification"] = [A],
        [$"GET {Dep}/work-queue"] = [M],
        [$"GET {Dep}/indicators/{{month}}"] = [I],
        [$"GET {Dep}/indicators/{{month}}/{{definitionId}}/cases"] = [I],
        [$"GET {Dep}/tokens"] = [Ad],
        [$"POST {Dep}/tokens"] = [Ad],
        [$"DELETE {Dep}/tokens/{{tokenId:guid}}"] = [Ad],
        [$"GET {Case}/identity"] = [M, A],
        [$"POST {Case}/identity/erasure"] = [Ad],
        [$"GET {Dep}/access-log"] = [A],
        [$"POST {Dep}/closings/{{month}}"] = [I, Ad],
        [$"GET {Dep}/closings"] = [I, A, Ad],
        [$"GET {Dep}/closings/{{month}}/revisions"] = [I, A],
        [$"POST {Dep}/imports/cnaf"] = [I],
        [$"GET {Dep}/imports"] = [I],
        [$"GET {Dep}/imports/{{importId:long}}"] = [I],
    };

    [Fact]
    public async Task Every_endpoint_answers_each_role_of_each_departement_as_the_table_says()
    {
        // The web pages have their own matrix (tests/Parcours.Web.Tests/PageAccessTests): no département in their URL.
        var endpoints = api.Server.Endpoints.OfType<RouteEndpoint>().Where(e => !Web.WebSetup.IsWebEndpoint(e))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .ToList();
        endpoints.Select(e => $"{e.Method} {e.Pattern}").Order().ShouldBe(Allowed.Keys.Order(), "every mapped endpoint must be in the table, and only those");

        // Readiness answers 503 until the projection daemon has caught up once: wait for it, or /health/ready would
        // count as refused for every caller.
        var probe = api.Server.CreateClient(null);
        for (var i = 0; i < 300 && (await probe.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK; i++) await Task.Delay(100);
        var caseId = await (await api.ClientAsync(M)).CreateCaseAsync();
        var clients = new Dictionary<(string Role, string Dep), HttpClient>();
        foreach (var role in ParcoursRoles.All)
        foreach (var dep in new[] { ApiFixture.Dep, ApiFixture.OtherDep })
            clients[(role, dep)] = await api.ClientAsync(role, dep);
        var nobody = api.Server.CreateClient(null);
        var failures = new List<string>();
        var checks = 0;

        foreach (var (method, pattern) in endpoints)
        {
            var url = pattern.Replace("{dep}", ApiFixture.Dep).Replace("{caseId:guid}", caseId.ToString()).Replace("{month}", "2025-05")
                .Replace("{definitionId}", CalpaeRow2OrientationDelay.Id).Replace("{tokenId:guid}", Guid.NewGuid().ToString()).Replace("{documentName}", "v1")
                .Replace("{importId:long}", "1");
            var allowed = Allowed[$"{method} {pattern}"];

            var anonymous = await SendAsync(nobody, method, url);
            checks++;
            if (allowed.Contains(Anonymous) ? Refused(anonymous) : anonymous.Status != HttpStatusCode.Unauthorized || anonymous.Code != "auth.required")
                failures.Add($"{method} {url} without token: {anonymous}");

            foreach (var ((role, dep), client) in clients)
            {
                var response = await SendAsync(client, method, url);
                checks++;
                var expected = allowed.Contains(Anonymous) || allowed.Contains(AnyRole) ? "through"
                    : allowed.Contains(Operators) ? Features.Metrics.MetricsEndpoint.Forbidden
                    : dep != ApiFixture.Dep ? AccessDenied.WrongDepartement
                    : allowed.Contains(role) ? "through"
                    : AccessDenied.RoleForbidden;
                var ok = expected == "through" ? !Refused(response) : response.Status == HttpStatusCode.Forbidden && response.Code == expected;
                if (!ok) failures.Add($"{method} {url} as {role} of {dep}: expected {expected}, got {response}");
            }
        }

        failures.ShouldBeEmpty();
        checks.ShouldBe(endpoints.Count * 9);
    }

    private static bool Refused((HttpStatusCode Status, string? Code) response) =>
        response.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || response.Status >= HttpStatusCode.InternalServerError;

    private static async Task<(HttpStatusCode Status, string? Code)> SendAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        string? code = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            code = System.Text.Json.JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        return (response.StatusCode, code);
    }
}
