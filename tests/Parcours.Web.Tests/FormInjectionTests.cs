using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Parcours.Server.Auth;
using Parcours.Server.Web;

namespace Parcours.Web.Tests;

/// <summary>
/// SQL injection attempts in every field of every form of every web page (the API's own test covers the API): each page
/// is opened by a role it admits, each form on it read from its HTML, and submitted once per field and attempt with that
/// field holding the attempt and the others their page's values (antiforgery token and cookie included). Then: no answer
/// is a 5xx, the database's schemas are column for column what they were, and every hash chain verifies.
/// Its own server and database (<see cref="FormInjectionCollection"/>): the attempts record hundreds of steps, which the
/// other page tests' figures must not see.
/// </summary>
[Collection(FormInjectionCollection.Name)]
public sealed partial class FormInjectionTests(WebFixture web)
{
    private static readonly IReadOnlyList<string> Payloads = Parcours.Testing.InjectionPayloads.All;

    [Fact]
    public async Task No_injection_in_any_field_of_any_form_errs_or_changes_the_schema_or_the_chains()
    {
        var manager = web.Api(await web.TokenAsync(ParcoursRoles.Manager));
        var caseId = await manager.CreateCaseAsync("2025-06-02");
        await manager.OrientAsync(caseId, "2025-06-10", "MDS Colomiers");
        var tokens = new Dictionary<string, string>();
        foreach (var role in ParcoursRoles.All) tokens[role] = await web.TokenAsync(role);
        var schemaBefore = await SchemaAsync();

        var patterns = web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(WebSetup.IsWebEndpoint).Select(e => e.RoutePattern.RawText!.TrimStart('/')).Distinct().Order().ToList();
        var failures = new List<string>();
        var forms = 0;
        var attempts = 0;
        var accepted = 0; // answered as a valid input: the attempt went through to the application (and so to SQL, if anywhere)
        foreach (var pattern in patterns.Where(p => !p.EndsWith(".css", StringComparison.Ordinal)))
        {
            string UrlOf(Guid id) => "/" + pattern.Replace("{id:guid}", id.ToString()).Replace("{version:long}", "2").Replace("{mois}", "2025-05");
            var opened = false;
            foreach (var role in ParcoursRoles.All)
            {
                using var client = Client(tokens[role]);
                using var page = await client.GetAsync(UrlOf(caseId));
                if (opened || page.StatusCode != HttpStatusCode.OK) continue;
                opened = true; // one role that opens the page is enough: the forms are the same code for all
                foreach (var signature in Forms(await page.Content.ReadAsStringAsync(), UrlOf(caseId)).Select(f => Signature(f, caseId)).Distinct().ToList())
                {
                    forms++;
                    foreach (var field in signature.Split('|')[2].Split(',').Where(f => f.Length > 0 && f != "__RequestVerificationToken"))
                    {
                        // A case of its own for each field of a case's page: an attempt may record a step (an exit, say) that
                        // changes which forms the case's page offers next.
                        var id = pattern.Contains("{id:guid}") ? await NewCaseAsync(manager) : caseId;
                        var url = UrlOf(id);
                        foreach (var payload in Payloads)
                        {
                            // The page as it is now (its hidden case version moves with each step an attempt records).
                            var form = Forms(await (await client.GetAsync(url)).Content.ReadAsStringAsync(), url).FirstOrDefault(f => Signature(f, id) == signature);
                            if (form.Action is null) continue; // the case's state no longer offers this form
                            var values = new Dictionary<string, string>(form.Fields) { [field] = payload };
                            using var response = form.Post
                                ? await client.PostAsync(form.Action, new FormUrlEncodedContent(values))
                                : await client.GetAsync(form.Action + (form.Action.Contains('?') ? "&" : "?") + await new FormUrlEncodedContent(values).ReadAsStringAsync());
                            attempts++;
                            if ((int)response.StatusCode < 400) accepted++;
                            if ((int)response.StatusCode >= 500)
                                failures.Add($"{(form.Post ? "POST" : "GET")} {form.Action} ({pattern} as {role}) {field} = {payload}: {(int)response.StatusCode}");
                        }
                    }
                }
            }
        }

        forms.ShouldBeGreaterThan(10, "the pages' forms were found");
        attempts.ShouldBeGreaterThan(200);
        accepted.ShouldBeGreaterThan(100, "attempts that passed validation: in free-text fields, search fields, filters");
        failures.ShouldBeEmpty();
        (await SchemaAsync()).ShouldBe(schemaBefore);
        var store = web.Models.Store;
        (await store.VerifyAsync(Parcours.EventStore.TenantId.Parse(WebFixture.Dep))).IsIntact.ShouldBeTrue();
    }

    private static async Task<Guid> NewCaseAsync(HttpClient manager)
    {
        var id = await manager.CreateCaseAsync("2025-06-02");
        await manager.OrientAsync(id, "2025-06-10", "MDS Colomiers");
        return id;
    }

    /// <summary>What identifies a form whatever the case: its method, its action (case id aside) and its field names.</summary>
    private static string Signature((bool Post, string Action, Dictionary<string, string> Fields) form, Guid caseId) =>
        $"{(form.Post ? "POST" : "GET")}|{form.Action.Replace(caseId.ToString(), "{id}")}|{string.Join(",", form.Fields.Keys.Order())}";

    private HttpClient Client(string token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(web.BaseUrl),
        };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>The forms of a page: method, action (the page itself when absent) and each named field's value.</summary>
    private static IEnumerable<(bool Post, string Action, Dictionary<string, string> Fields)> Forms(string html, string pageUrl)
    {
        foreach (Match form in FormElement().Matches(html))
        {
            var attributes = form.Groups[1].Value;
            var post = Attribute(attributes, "method")?.Equals("post", StringComparison.OrdinalIgnoreCase) ?? false;
            var action = WebUtility.HtmlDecode(Attribute(attributes, "action") ?? pageUrl);
            if (action.Length == 0 || action.StartsWith('#')) action = pageUrl;
            var fields = new Dictionary<string, string>();
            foreach (Match field in FieldElement().Matches(form.Groups[2].Value))
            {
                var attributesOfField = field.Groups["a"].Value;
                if (Attribute(attributesOfField, "name") is not { } name || fields.ContainsKey(name)) continue;
                var value = field.Groups["options"].Success
                    ? Options().Matches(field.Groups["options"].Value).Select(o => Attribute(o.Groups[1].Value, "value") ?? "").FirstOrDefault(v => v.Length > 0) ?? ""
                    : Attribute(attributesOfField, "value") ?? "";
                // An empty field gets a plausible value of its type, so that an attempt in another field gets past validation.
                if (value.Length == 0)
                    value = Attribute(attributesOfField, "type")?.ToLowerInvariant() switch
                    {
                        "date" => "2025-06-12",
                        "month" => "2025-05",
                        "number" => "1",
                        "checkbox" or "radio" or "hidden" => "",
                        _ => "MDS Colomiers",
                    };
                fields[name] = WebUtility.HtmlDecode(value);
            }
            yield return (post, action, fields);
        }
    }

    private static string? Attribute(string attributes, string name)
    {
        var match = Regex.Match(attributes, $@"\b{name}\s*=\s*(""([^""]*)""|'([^']*)')", RegexOptions.IgnoreCase);
        return match.Success ? (match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value) : null;
    }

    private async Task<List<string>> SchemaAsync()
    {
        await using var command = web.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            """
            SELECT table_schema || '.' || table_name || '.' || column_name || ':' || data_type FROM information_schema.columns
            WHERE table_schema LIKE 'parcours%' ORDER BY 1
            """);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        return columns;
    }

    [GeneratedRegex(@"<form\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex(@"<select\b(?<a>[^>]*)>(?<options>.*?)</select>|<(?:input|textarea|button)\b(?<a>[^>]*)>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FieldElement();

    [GeneratedRegex(@"<option\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex Options();
}

/// <summary>
/// Runs alone, after the other browser tests: its hundreds of requests on a 2-core machine slowed the pages those tests
/// wait on past Playwright's timeouts (a manager's first page took over 90 s once in a full suite run).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FormInjectionCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web-form-injection";
}
