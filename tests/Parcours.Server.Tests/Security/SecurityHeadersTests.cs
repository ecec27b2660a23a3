using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Parcours.Server.Auth;
using Parcours.Server.Tests.Api;

namespace Parcours.Server.Tests.Security;

public sealed class HeadersApi : ApiFixture;

/// <summary>
/// Every answer, page or API, success or problem, forbids MIME sniffing and framing, sends no referrer off site, and has a
/// Content-Security-Policy that admits no inline script by 'unsafe-inline'.
/// </summary>
public sealed partial class SecurityHeadersTests(HeadersApi api) : IClassFixture<HeadersApi>
{
    [Fact]
    public async Task Api_answers_pages_and_problems_all_carry_the_security_headers()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var caseId = await manager.CreateCaseAsync();
        var anonymous = api.Server.CreateClient(null);
        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("API 200", await manager.GetAsync(Steps.Case(caseId))),
            ("API 201", await manager.PostAsync(Steps.Cases(), Steps.Entry())),
            ("API 400", await manager.PostRawAsync(Steps.Cases(), "{pas du json")),
            ("API 401", await anonymous.GetAsync(Steps.Case(caseId))),
            ("API 403", await (await api.ClientAsync(ParcoursRoles.Auditor)).PostAsync(Steps.Cases(), Steps.Entry())),
            ("404", await anonymous.GetAsync("/nulle-part")),
            ("health", await anonymous.GetAsync("/health/live")),
            ("page connexion", await anonymous.GetAsync("/connexion")),
            ("page redirect", await anonymous.GetAsync("/")),
            ("api-docs page", await anonymous.GetAsync("/api-docs")),
        };

        foreach (var (what, response) in answers)
        {
            var headers = response.Headers;
            headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff", what);
            headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY", what);
            headers.GetValues("Referrer-Policy").Single().ShouldBeOneOf(["no-referrer", "same-origin"], what);
            var csp = headers.GetValues("Content-Security-Policy").Single();
            csp.ShouldContain("frame-ancestors 'none'", Case.Sensitive, what);
            csp.ShouldNotContain("unsafe-inline", Case.Sensitive, what);
            csp.ShouldNotContain("unsafe-eval", Case.Sensitive, what);
            Regex.IsMatch(csp, "(^|;) *(default-src|script-src) ").ShouldBeTrue(what);
        }
        var api200 = answers[0].Response.Headers.GetValues("Content-Security-Policy").Single();
        api200.ShouldStartWith("default-src 'none'");
    }

    [Fact]
    public async Task The_api_documentation_page_admits_exactly_its_own_inline_script_and_style_by_hash()
    {
        var response = await api.Server.CreateClient(null).GetAsync("/api-docs");
        var html = await response.Content.ReadAsStringAsync();
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();

        foreach (var element in new[] { "script", "style" })
        {
            var blocks = InlineBlock(element).Matches(html);
            blocks.Count.ShouldBe(1, element);
            var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(blocks[0].Groups[1].Value)));
            csp.ShouldContain($"{element}-src 'sha256-{hash}'");
        }
    }

    [Fact]
    public async Task The_pages_hold_no_inline_script_nor_inline_event_handler_their_policy_would_block()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var caseId = await manager.CreateCaseAsync();
        var token = await api.TokenAsync(ParcoursRoles.Manager);
        var browser = api.Server.CreateClient(null);
        browser.DefaultRequestHeaders.Add("Cookie", $"{Web.WebSession.CookieName}={token}");
        foreach (var url in new[] { "/connexion", "/", "/file", $"/dossiers/{caseId}", "/dossiers" })
        {
            var response = await browser.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            var html = await response.Content.ReadAsStringAsync();
            InlineBlock("script").IsMatch(html).ShouldBeFalse(url);
            Regex.IsMatch(html, @"\son[a-z]+\s*=", RegexOptions.IgnoreCase).ShouldBeFalse(url);
            response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'", Case.Sensitive, url);
        }
    }

    /// <summary>An element with inline content (no src attribute), its content in group 1.</summary>
    private static Regex InlineBlock(string element) => new($"<{element}>(.*?)</{element}>", RegexOptions.Singleline);
}
