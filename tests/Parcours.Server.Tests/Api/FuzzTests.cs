using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parcours.Server.Auth;

namespace Parcours.Server.Tests.Api;

public sealed class FuzzApi : ApiFixture;

/// <summary>
/// Thousands of seeded malformed requests (JSON bodies, headers, query strings, path segments) against every endpoint of
/// the real server on PostgreSQL, each with a role the endpoint admits: never a 5xx, every refusal a problem details
/// with a code and a French detail, and a refused request writes no event (the log counted before and after). A failure
/// names the seed, the request number and the request.
/// </summary>
public sealed class FuzzTests(FuzzApi api) : IClassFixture<FuzzApi>
{
    private const int Seed = 9_0402;

    private static readonly string[] Junk =
    [
        "", " ", "abc", "2025-02-30", "2025-13-01", "16/06/2025", "9999-99-99", "0000-00-00", "-1", "0", "1e309", "NaN", "null", "true",
        "99999999999999999999", "Social ", "SOCIAL", "123", "-5", "00000000-0000-0000-0000-000000000000", "not-a-guid", "é€ü\u0000",
        "'; DROP TABLE parcours.events; --", "<script>alert(1)</script>", "%00", "../../etc/passwd", new string('x', 3_000),
        "2025-06-16T10:00:00Z", "2025-06", "P1D",
    ];

    private static readonly JsonNode?[] JunkValues =
    [
        null, 0, -1, 1.5, long.MaxValue, true, false, new JsonArray(), new JsonArray(1, "a"), new JsonObject(), new JsonObject { ["a"] = 1 },
        "", "x", "\uD800", "2025-02-30", "9999-99-99", "00000000-0000-0000-0000-000000000000", new string('y', 5_000),
    ];

    private sealed record Target(string Role, HttpMethod Method, string Path, JsonObject? Body);

    [Fact]
    public async Task Malformed_bodies_headers_and_queries_never_get_a_5xx_always_get_a_coded_problem_and_write_nothing()
    {
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in new[] { ParcoursRoles.Manager, ParcoursRoles.Auditor, ParcoursRoles.InsertionService, ParcoursRoles.Admin })
            clients[role] = await api.ClientAsync(role);
        var manager = clients[ParcoursRoles.Manager];
        var cases = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = await manager.CreateCaseAsync();
            (await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation())).EnsureSuccessStatusCode();
            cases.Add(id);
        }
        var targets = Targets(cases);
        var random = new Random(Seed);
        var statuses = new SortedDictionary<int, int>();

        for (var n = 0; n < 2_000; n++)
        {
            var target = targets[random.Next(targets.Count)];
            using var request = n % 2 == 0 && target.Body is not null ? BodyRequest(random, target) : QueryRequest(random, target);
            var what = $"seed {Seed}, request {n}: {request.Method} {request.RequestUri} {(request.Content is null ? "" : Shorten(await request.Content.ReadAsStringAsync()))}";

            var before = await EventCountAsync();
            using var response = await clients[target.Role].SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;

            status.ShouldBeLessThan(500, $"{what} → {status} {Shorten(text)}");
            if (status < 400) continue;
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{what} → {status} {Shorten(text)}");
            using var problem = JsonDocument.Parse(text);
            problem.RootElement.GetProperty("code").GetString().ShouldNotBeNullOrWhiteSpace($"{what} → {text}");
            problem.RootElement.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace($"{what} → {text}");
            (await EventCountAsync()).ShouldBe(before, $"{what} was refused ({status}) but wrote events");
        }
        // The inputs reached past the parsers: some refusals come from the fields, some from the domain's rules.
        statuses.Keys.ShouldContain(400);
        statuses.Keys.ShouldContain(422);
    }

    private async Task<long> EventCountAsync()
    {
        await using var command = api.Database.DataSource.CreateCommand("SELECT count(*) FROM parcours.events");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static List<Target> Targets(List<Guid> cases)
    {
        var dep = $"/api/departements/{ApiFixture.Dep}";
        var manager = ParcoursRoles.Manager;
        var targets = new List<Target>
        {
            new(manager, HttpMethod.Post, $"{dep}/cases", Json(new { caseId = (Guid?)null, applicationDate = "2025-04-28", knownOn = "2025-05-05", subjectToRightsAndDuties = true, source = "CafFlux", territory = "T1" })),
            new(ParcoursRoles.Admin, HttpMethod.Post, $"{dep}/tokens", Json(new { role = "auditor", name = "fuzz", territories = new[] { "T1" } })),
            new(ParcoursRoles.Admin, HttpMethod.Post, $"{dep}/closings/2025-01", null),
            new(ParcoursRoles.InsertionService, HttpMethod.Get, $"{dep}/indicators/2025-05", null),
            new(ParcoursRoles.InsertionService, HttpMethod.Get, $"{dep}/indicators/2025-05/{Parcours.Domain.Indicators.Catalogue.CalpaeRow2OrientationDelay.Id}/cases", null),
            new(ParcoursRoles.InsertionService, HttpMethod.Get, $"{dep}/closings/2025-01/revisions", null),
            new(manager, HttpMethod.Get, $"{dep}/work-queue", null),
            new(ParcoursRoles.Auditor, HttpMethod.Get, $"{dep}/access-log", null),
            new(ParcoursRoles.Auditor, HttpMethod.Get, $"{dep}/verification", null),
        };
        foreach (var id in cases)
        {
            var c = $"{dep}/cases/{id}";
            targets.AddRange(
            [
                new(manager, HttpMethod.Post, $"{c}/orientations", Json(new { decidedOn = "2025-05-20", notifiedOn = "2025-05-21", track = "Social", organisation = "MDS", referent = "r", channel = "Manager" })),
                new(manager, HttpMethod.Post, $"{c}/reorientations", Json(new { decidedOn = "2025-06-02", track = "Professional", organisation = "FT", channel = "Manager", reason = "x" })),
                new(manager, HttpMethod.Post, $"{c}/appointments", Json(new { appointmentId = Guid.NewGuid(), kind = "Accompaniment", fixedOn = "2025-05-22", scheduledFor = "2025-05-30", organisation = "MDS" })),
                new(manager, HttpMethod.Post, $"{c}/appointment-outcomes", Json(new { appointmentId = Guid.NewGuid(), on = "2025-05-30", outcome = "Held" })),
                new(manager, HttpMethod.Post, $"{c}/contracts", Json(new { kind = "Cer", signedOn = "2025-06-01", validUntil = "2025-12-01", organisation = "MDS" })),
                new(manager, HttpMethod.Post, $"{c}/diagnostics", Json(new { on = "2025-05-12", organisation = "Agence" })),
                new(manager, HttpMethod.Post, $"{c}/suspensions", Json(new { on = "2025-06-03", reason = "x" })),
                new(manager, HttpMethod.Post, $"{c}/resumptions", Json(new { on = "2025-06-04" })),
                new(manager, HttpMethod.Post, $"{c}/rights-and-duties", Json(new { on = "2025-06-05", subjectToRightsAndDuties = false })),
                new(manager, HttpMethod.Post, $"{c}/orientation-notifications", Json(new { on = "2025-05-25" })),
                new(manager, HttpMethod.Post, $"{c}/accompaniment-exits", Json(new { on = "2025-06-06", reason = "emploi", positive = true })),
                new(manager, HttpMethod.Post, $"{c}/rsa-exits", Json(new { on = "2025-06-07", cafClosureReason = "PCG" })),
                new(manager, HttpMethod.Post, $"{c}/reentries", Json(new { applicationDate = "2025-06-08", knownOn = "2025-06-09", subjectToRightsAndDuties = true, ground = "AfterClosure" })),
                new(manager, HttpMethod.Post, $"{c}/corrections", Json(new { targetVersion = 2, reason = "saisie", step = new { decidedOn = "2025-05-19", track = "Social", organisation = "MDS", channel = "Manager" } })),
                new(manager, HttpMethod.Post, $"{c}/retractions", Json(new { targetVersion = 2, reason = "erreur" })),
                new(ParcoursRoles.Admin, HttpMethod.Post, $"{c}/identity/erasure", Json(new { reason = "fin de conservation" })),
                new(manager, HttpMethod.Get, c, null),
                new(manager, HttpMethod.Get, $"{c}/identity", null),
                new(ParcoursRoles.Auditor, HttpMethod.Get, $"{c}/history", null),
                new(ParcoursRoles.Auditor, HttpMethod.Get, $"{c}/as-of", null),
            ]);
        }
        return targets;
    }

    private static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!.AsObject();

    /// <summary>The target's body, broken in one of many ways (its text, a field, a header).</summary>
    private static HttpRequestMessage BodyRequest(Random random, Target target)
    {
        var body = (JsonObject)target.Body!.DeepClone();
        var mediaType = "application/json";
        string text;
        var request = new HttpRequestMessage(target.Method, target.Path);
        switch (random.Next(12))
        {
            case 0: // a field with a value of another type or out of range
            case 1:
            case 2:
                var field = body.Select(p => p.Key).ElementAt(random.Next(body.Count));
                body[field] = random.Next(2) == 0 ? JunkValues[random.Next(JunkValues.Length)]?.DeepClone() : Pick(random, Junk);
                text = body.ToJsonString();
                break;
            case 3: // a field left out, another added
                body.Remove(body.Select(p => p.Key).ElementAt(random.Next(body.Count)));
                body["champInconnu" + random.Next(10)] = Pick(random, Junk);
                text = body.ToJsonString();
                break;
            case 4: // cut short
                var whole = body.ToJsonString();
                text = whole[..random.Next(whole.Length)];
                break;
            case 5: // one character changed anywhere
                var chars = body.ToJsonString().ToCharArray();
                const string replacements = "{}[]\",:\\x0 \u0001é";
                chars[random.Next(chars.Length)] = replacements[random.Next(replacements.Length)];
                text = new string(chars);
                break;
            case 6: // not an object at all
                text = Pick(random, ["", "null", "[]", "\"texte\"", "42", "true", "{", "}", "[{}]", "{\"a\":", new string('[', 5_000) + new string(']', 5_000), "{\"a\":1,\"a\":2}", "{'a':1}", "{\"a\":1,}", "/* c */{}", "\uFEFF{}", "NaN"]);
                break;
            case 7: // another media type
                text = body.ToJsonString();
                mediaType = Pick(random, ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data"]);
                break;
            case 8: // a bad If-Match
                text = body.ToJsonString();
                request.Headers.TryAddWithoutValidation("If-Match", Pick(random, ["3", "\"abc\"", "\"-1\"", "W/\"1\"", "*", "\"99999999999999999999\"", ""]));
                break;
            case 9: // a bad Idempotency-Key
                text = body.ToJsonString();
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Pick(random, [" ", new string('k', 300), "é", "a\tb"]));
                break;
            case 10: // random bytes
                var bytes = new byte[random.Next(1, 300)];
                random.NextBytes(bytes);
                request.Content = new ByteArrayContent(bytes);
                request.Content.Headers.ContentType = new("application/json");
                return request;
            default: // every field junk
                foreach (var key in body.Select(p => p.Key).ToList()) body[key] = Pick(random, Junk);
                text = body.ToJsonString();
                break;
        }
        request.Content = new StringContent(text, Encoding.UTF8, mediaType);
        return request;
    }

    /// <summary>The target with junk query parameters (or a junk path segment in place of a month, an id, a definition).</summary>
    private static HttpRequestMessage QueryRequest(Random random, Target target)
    {
        string[] names = ["month", "set", "asKnownAt", "format", "outcome", "days", "territory", "organisation", "definition", "limit", "version",
            "recordedAt", "on", "caseId", "actor", "from", "to", "reason", "page"];
        var path = target.Path;
        if (random.Next(4) == 0)
        {
            var segments = path.Split('/');
            var at = random.Next(4, segments.Length); // keep /api/departements/{dep}
            // The test server refuses a NUL in a path before the application sees it (Kestrel answers 400 itself).
            segments[at] = Uri.EscapeDataString(Pick(random, Junk).Replace("\u0000", ""));
            path = string.Join('/', segments);
        }
        var query = string.Join('&', Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
            $"{Pick(random, names)}={Uri.EscapeDataString(Pick(random, Junk))}"));
        return new HttpRequestMessage(target.Method, $"{path}?{query}") { Content = target.Body is null ? null : JsonContent(target.Body) };
    }

    private static StringContent JsonContent(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
