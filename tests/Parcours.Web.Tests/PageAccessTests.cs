using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Server.Auth;
using Parcours.Server.Web;

namespace Parcours.Web.Tests;

/// <summary>
/// Every web endpoint × every role (and no one): the page opens for the roles of the table, sends the others to the
/// French 403 page, and anyone without a session to the sign-in page. Pages have no département in their URL: each
/// shows the caller's own (the API's matrix covers départements).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PageAccessTests(WebFixture web)
{
    private const string Anyone = "*";
    private const string Anonymous = "anonymous";
    private const string M = ParcoursRoles.Manager, I = ParcoursRoles.InsertionService, A = ParcoursRoles.Auditor, Ad = ParcoursRoles.Admin;
    private const string ClosedMonth = "2025-01";

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["connexion"] = [Anonymous, Anyone],
        ["deconnexion"] = [Anonymous, Anyone],
        ["ui/parcours.css"] = [Anonymous, Anyone],
        [""] = [Anyone],
        ["acces-refuse"] = [Anyone],
        ["file"] = [M],
        ["dossiers"] = [M],
        ["dossiers/{id:guid}"] = [M],
        ["dossiers/nouveau"] = [M],
        ["dossiers/{id:guid}/etapes/{version:long}"] = [M],
        ["clotures"] = [I, A, Ad],
        ["clotures/{mois}"] = [I, A],
        ["audit/journal"] = [A],
        ["indicateurs"] = [I],
        ["indicateurs/dossiers"] = [I],
        ["indicateurs/tendances"] = [I],
        ["audit"] = [A],
        ["audit/dossiers/{id:guid}"] = [A],
    };

    [Fact]
    public async Task Every_page_answers_each_role_as_the_table_says()
    {
        var patterns = web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(WebSetup.IsWebEndpoint).Select(e => e.RoutePattern.RawText!.TrimStart('/')).Distinct().ToList();
        patterns.Order().ShouldBe(Allowed.Keys.Order(), "every page must be in the table, and only those");

        var manager = web.Api(await web.TokenAsync(M));
        var caseId = await manager.CreateCaseAsync("2025-06-04");
        var tenant = Parcours.EventStore.TenantId.Parse(WebFixture.Dep);
        if (await web.Models.Closings.GetAsync(tenant, new NodaTime.YearMonth(2025, 1)) is null)
            await web.Models.Closings.CloseMonthAsync(tenant, new NodaTime.YearMonth(2025, 1), "admin.cd31");
        var tokens = new Dictionary<string, string?> { [Anonymous] = null };
        foreach (var role in ParcoursRoles.All) tokens[role] = await web.TokenAsync(role);
        var failures = new List<string>();

        foreach (var pattern in patterns)
        {
            var url = "/" + pattern.Replace("{id:guid}", caseId.ToString()).Replace("{version:long}", "1").Replace("{mois}", ClosedMonth) + (pattern == "indicateurs/dossiers" ? "?mois=2025-05&definition=calpae-2019-row-1-new-entrants" : "");
            foreach (var (who, token) in tokens)
            {
                using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(web.BaseUrl) };
                if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
                using var response = await client.GetAsync(url);
                var allowed = Allowed[pattern];
                var expected = allowed.Contains(who) || (who != Anonymous && allowed.Contains(Anyone)) ? "200"
                    : who == Anonymous ? "/connexion"
                    : "/acces-refuse";
                var got = response.StatusCode == HttpStatusCode.OK ? "200"
                    : response.StatusCode == HttpStatusCode.Redirect ? response.Headers.Location?.ToString().Split('?')[0] ?? "?"
                    : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (got != expected && !(expected == "200" && pattern == "acces-refuse" && response.StatusCode == HttpStatusCode.Forbidden))
                    failures.Add($"GET {url} as {who}: expected {expected}, got {got}");
            }
        }
        failures.ShouldBeEmpty();
    }
}
