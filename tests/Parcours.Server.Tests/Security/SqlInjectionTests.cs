using System.Net;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Parcours.Application.Identity;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Server.Auth;
using Parcours.Server.Tests.Api;

namespace Parcours.Server.Tests.Security;

public sealed class InjectionApi : ApiFixture;

/// <summary>
/// SQL injection attempts in every parameter of every API endpoint the server maps (read from its EndpointDataSource,
/// like the authorisation matrix: a new endpoint or parameter is covered without editing this test): route values,
/// query parameters, each field of a JSON body, and the headers the commands read. Each attempt is sent by a caller of
/// département 31 whose role the endpoint admits. Then: no answer is a 5xx, no answer carries anything of département
/// 13, the database's schemas are column for column what they were, both hash chains verify, département 13's data is
/// untouched, and a value stored through a parameter comes back verbatim (it was a parameter, never SQL text).
/// </summary>
public sealed class SqlInjectionTests(InjectionApi api) : IClassFixture<InjectionApi>
{
    private static readonly IReadOnlyList<string> Payloads = Parcours.Testing.InjectionPayloads.All;

    /// <summary>Plausible values of body fields by name, so that an attempt in one field gets past the others.</summary>
    private static readonly Dictionary<string, object?> FieldValues = new()
    {
        ["applicationDate"] = "2025-04-28", ["knownOn"] = "2025-05-05", ["decidedOn"] = "2025-05-20", ["on"] = "2025-05-20",
        ["subjectToRightsAndDuties"] = true, ["source"] = "CafFlux", ["track"] = "Social", ["channel"] = "Manager",
        ["organisation"] = "MDS Colomiers", ["referent"] = "ref-31-0042", ["territory"] = "T1", ["reason"] = "motif",
        ["role"] = ParcoursRoles.Manager, ["name"] = "jeton-test", ["targetVersion"] = 1,
    };

    [Fact]
    public async Task No_injection_in_any_parameter_errs_leaks_another_departement_or_changes_the_schema()
    {
        await WaitUntilReadyAsync();
        var other = await SeedOtherDepartementAsync();
        var otherAuditor = await api.ClientAsync(ParcoursRoles.Auditor, ApiFixture.OtherDep);
        var schemaBefore = await SchemaAsync();
        var otherBefore = await OtherDepartementStateAsync(otherAuditor);

        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in ParcoursRoles.All) clients[role] = await api.ClientAsync(role);
        var caseId = await clients[ParcoursRoles.Manager].CreateCaseAsync();
        var tokenId = (await (await clients[ParcoursRoles.Admin].PostAsync("/api/departements/31/tokens", new { role = "auditor", name = "cible" }))
            .ShouldBeAsync(HttpStatusCode.Created)).GetProperty("token").GetProperty("id").GetGuid();
        var isService = api.Server.Services.GetRequiredService<IServiceProviderIsService>();

        var failures = new List<string>();
        var attempts = 0;
        var endpoints = api.Server.Endpoints.OfType<RouteEndpoint>().Where(e => !Web.WebSetup.IsWebEndpoint(e) && e.RoutePattern.RawText!.StartsWith("/api/"));
        foreach (var endpoint in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Single() ?? "GET";
            var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var handler = endpoint.Metadata.OfType<MethodInfo>().First();
            var query = new List<ParameterInfo>();
            Type? bodyType = null;
            foreach (var parameter in handler.GetParameters())
            {
                var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                if (routeNames.Contains(parameter.Name!) || type == typeof(HttpContext) || type == typeof(CancellationToken)
                    || type == typeof(ClaimsPrincipal) || isService.IsService(parameter.ParameterType)) continue;
                if (type == typeof(string) || type.IsPrimitive || type == typeof(Guid) || type == typeof(string[])) query.Add(parameter);
                else bodyType = type;
            }
            var route = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["dep"] = ApiFixture.Dep, ["caseId"] = caseId.ToString(), ["month"] = "2025-05",
                ["definitionId"] = CalpaeRow2OrientationDelay.Id, ["tokenId"] = tokenId.ToString(), ["importId"] = "1",
            };
            var baseBody = bodyType is null ? null : BaseBody(bodyType);
            var client = await ClientForAsync(clients, method, Url(endpoint, route, []), baseBody);

            // Each parameter in turn holds the attempt; the others keep plausible values.
            var variants = new List<(string Where, Func<string, HttpRequestMessage> Build)>();
            foreach (var name in routeNames)
                variants.Add(($"route {name}", p => Request(method, Url(endpoint, new(route, StringComparer.OrdinalIgnoreCase) { [name] = p }, []), baseBody)));
            foreach (var parameter in query)
                variants.Add(($"query {parameter.Name}", p => Request(method, Url(endpoint, route, [(parameter.Name!, p)]), baseBody)));
            foreach (var field in bodyType?.GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)) ?? [])
                variants.Add(($"body {field}", p => Request(method, Url(endpoint, route, []), With(baseBody!, field, p))));
            foreach (var header in method == "POST" ? new[] { "Idempotency-Key", "If-Match", "X-Correlation-Id" } : ["X-Correlation-Id"])
                variants.Add(($"header {header}", p =>
                {
                    var request = Request(method, Url(endpoint, route, []), baseBody);
                    request.Headers.TryAddWithoutValidation(header, p);
                    return request;
                }));

            foreach (var (where, build) in variants)
            foreach (var payload in Payloads)
            {
                using var request = build(payload);
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                attempts++;
                var label = $"{method} {endpoint.RoutePattern.RawText} {where} = {payload}";
                if ((int)response.StatusCode >= 500) failures.Add($"{label}: {(int)response.StatusCode} {body}");
                if (other.Markers.FirstOrDefault(m => body.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } leaked)
                    failures.Add($"{label}: the answer carries « {leaked} » of département 13");
            }
        }

        failures.ShouldBeEmpty();
        attempts.ShouldBeGreaterThan(500);
        (await SchemaAsync()).ShouldBe(schemaBefore);
        (await OtherDepartementStateAsync(otherAuditor)).ShouldBe(otherBefore);
        foreach (var (dep, auditor) in new[] { (ApiFixture.Dep, clients[ParcoursRoles.Auditor]), (ApiFixture.OtherDep, otherAuditor) })
        {
            var verification = await (await auditor.GetAsync($"/api/departements/{dep}/verification")).ShouldBeAsync(HttpStatusCode.OK);
            verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.GetRawText());
            verification.GetProperty("casesChecked").GetInt32().ShouldBeGreaterThan(0);
        }
        // A token named by an attempt exists under exactly that name: the value travelled as a parameter.
        var names = (await (await clients[ParcoursRoles.Admin].GetAsync("/api/departements/31/tokens")).ShouldBeAsync(HttpStatusCode.OK))
            .EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToHashSet();
        names.ShouldContain(Payloads[1]);
    }

    /// <summary>The caller of département 31 whose role the endpoint admits (the first one not refused for its role).</summary>
    private static async Task<HttpClient> ClientForAsync(Dictionary<string, HttpClient> clients, string method, string url, JsonObject? body)
    {
        foreach (var client in clients.Values)
        {
            using var response = await client.SendAsync(Request(method, url, body));
            if (response.StatusCode != HttpStatusCode.Forbidden || !(await response.Content.ReadAsStringAsync()).Contains(AccessDenied.RoleForbidden))
                return client;
        }
        throw new InvalidOperationException($"No role may call {method} {url}.");
    }

    private static string Url(RouteEndpoint endpoint, Dictionary<string, string> route, (string Name, string Value)[] query)
    {
        var path = string.Join("", endpoint.RoutePattern.PathSegments.Select(segment => "/" + string.Join("", segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => Uri.EscapeDataString(route[parameter.Name]),
            _ => "",
        }))));
        var required = endpoint.RoutePattern.RawText!.EndsWith("/identity") && query.All(q => q.Name != "reason") ? new[] { ("reason", "motif") } : [];
        var all = query.Concat(required).ToList();
        return all.Count == 0 ? path : path + "?" + string.Join("&", all.Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2)}"));
    }

    private static JsonObject BaseBody(Type type)
    {
        var body = new JsonObject();
        foreach (var property in type.GetProperties())
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (FieldValues.TryGetValue(name, out var value)) body[name] = JsonValue.Create(value);
        }
        return body;
    }

    private static JsonObject With(JsonObject body, string field, string value)
    {
        var copy = (JsonObject)body.DeepClone();
        copy[field] = value;
        return copy;
    }

    private static HttpRequestMessage Request(string method, string url, JsonObject? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT") request.Content = new StringContent(body?.ToJsonString() ?? "{}", Encoding.UTF8, "application/json");
        return request;
    }

    private sealed record OtherDepartement(string[] Markers);

    /// <summary>Département 13: a case with an identity read once, a named token; the markers no answer to 31 may carry.</summary>
    private async Task<OtherDepartement> SeedOtherDepartementAsync()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager, ApiFixture.OtherDep, name: "lecteur-treize");
        var caseId = await manager.CreateCaseAsync(dep: ApiFixture.OtherDep);
        var store = api.Server.Services.GetRequiredService<PostgresIdentityStore>();
        await using (var connection = await api.Database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await store.SaveAsync(connection, transaction, ApiFixture.OtherDep,
                [(new CaseId(caseId), new PersonIdentity("Marqueurtreize", "Ondine", new LocalDate(1979, 3, 4), "279031312345619", "7131313", "DEM", "13 rue Treize, 13013 Marseille"))]);
            await transaction.CommitAsync();
        }
        await (await manager.GetAsync($"{Steps.Case(caseId, ApiFixture.OtherDep)}/identity?reason=motif-treize")).ShouldBeAsync(HttpStatusCode.OK);
        var admin = await api.ClientAsync(ParcoursRoles.Admin, ApiFixture.OtherDep);
        await (await admin.PostAsync("/api/departements/13/tokens", new { role = "auditor", name = "marqueur-treize" })).ShouldBeAsync(HttpStatusCode.Created);
        return new OtherDepartement([caseId.ToString(), "lecteur-treize", "Marqueurtreize", "279031312345619", "7131313", "motif-treize", "marqueur-treize", "Bouches-du-Rh"]);
    }

    /// <summary>Every column of every Parcours schema, with its type.</summary>
    private async Task<List<string>> SchemaAsync()
    {
        await using var command = api.Database.DataSource.CreateCommand("""
            SELECT table_schema || '.' || table_name || '.' || column_name || ':' || data_type
            FROM information_schema.columns WHERE table_schema LIKE 'parcours%' ORDER BY 1
            """);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        columns.Count.ShouldBeGreaterThan(20);
        return columns;
    }

    /// <summary>Département 13's events, tokens and identity accesses, summed up.</summary>
    private async Task<string> OtherDepartementStateAsync(HttpClient auditor)
    {
        var summary = new StringBuilder();
        foreach (var sql in new[]
                 {
                     "SELECT count(*)::text || '/' || coalesce(max(version), 0)::text FROM parcours.events WHERE tenant = '13'",
                     "SELECT string_agg(name || ':' || role || ':' || coalesce(revoked_at::text, ''), ',' ORDER BY name) FROM parcours_auth.api_tokens WHERE tenant = '13'",
                 })
        {
            await using var command = api.Database.DataSource.CreateCommand(sql);
            summary.Append(await command.ExecuteScalarAsync()).Append('|');
        }
        summary.Append((await (await auditor.GetAsync("/api/departements/13/access-log")).ShouldBeAsync(HttpStatusCode.OK)).GetArrayLength());
        return summary.ToString();
    }

    private async Task WaitUntilReadyAsync()
    {
        var probe = api.Server.CreateClient(null);
        for (var i = 0; i < 300 && (await probe.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK; i++) await Task.Delay(100);
    }
}
