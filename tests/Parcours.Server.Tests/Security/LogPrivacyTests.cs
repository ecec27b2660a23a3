using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.Server.Auth;
using Parcours.Server.Tests.Api;
using Parcours.Server.Tests.Observability;

namespace Parcours.Server.Tests.Security;

/// <summary>A server whose every log entry, of every category at every level (Trace), is captured.</summary>
public sealed class LoggedApi : ApiFixture
{
    public CapturedLogs Logs { get; } = new();

    protected override Action<WebApplicationBuilder>? ConfigureBuilder => Logs.Install;

    protected override string[] Args => CapturedLogs.EverythingArgs;
}

/// <summary>
/// Identities and token secrets never reach the logs: a whole run (tokens issued, used, revoked and forged; cases
/// created with identities; searches; identities read and erased; pages browsed with a session; bad requests carrying
/// identity data) at the most verbose level, then every captured entry (message, properties, scopes, exceptions) is
/// searched for each name, NIR, CAF number, address and secret used.
/// </summary>
public sealed class LogPrivacyTests(LoggedApi api) : IClassFixture<LoggedApi>
{
    private static readonly PersonIdentity[] People =
    [
        new("Outrebon-Malaval", "Zéphyrine", new LocalDate(1985, 7, 7), "285077512345655", "4815162", "DEM", "7 impasse des Capucines, 31400 Toulouse"),
        new("Quennehen", "Aurélien", new LocalDate(1992, 6, 3), "192063198765436", "2342342", "CJT", "12 allée Fictive, 31500 Toulouse"),
    ];

    [Fact]
    public async Task A_full_run_at_trace_level_logs_no_identity_and_no_token_secret()
    {
        var secrets = new List<string>();
        var admin = await ClientAsync(ParcoursRoles.Admin, secrets);
        var issued = await (await admin.PostAsync("/api/departements/31/tokens", new { role = "manager", name = "gestionnaire-flux" })).ShouldBeAsync(HttpStatusCode.Created);
        var managerSecret = issued.GetProperty("secret").GetString()!;
        secrets.Add(managerSecret);
        var manager = api.Server.CreateClient(managerSecret);
        var auditor = await ClientAsync(ParcoursRoles.Auditor, secrets);

        // Cases with identities, found again by NIR and CAF number.
        var cases = new List<Guid>();
        foreach (var person in People)
        {
            var caseId = await manager.CreateCaseAsync();
            cases.Add(caseId);
            await (await manager.PostAsync($"{Steps.Case(caseId)}/orientations", Steps.Orientation())).ShouldBeAsync(HttpStatusCode.OK);
            var store = api.Server.Services.GetRequiredService<PostgresIdentityStore>();
            await using var connection = await api.Database.DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await store.SaveAsync(connection, transaction, ApiFixture.Dep, [(new CaseId(caseId), person)]);
            await transaction.CommitAsync();
        }
        var identities = api.Server.Services.GetRequiredService<IIdentityStore>();
        (await identities.FindByNirAsync(ApiFixture.Dep, [.. People.Select(p => p.Nir!)])).Count.ShouldBe(2);
        (await identities.FindByCafAsync(ApiFixture.Dep, [.. People.Select(p => new CafPersonKey(p.CafNumber!, p.CafRole!))])).Count.ShouldBe(2);

        // Identities read (with a reason), the access log, an erasure.
        var read = await (await manager.GetAsync($"{Steps.Case(cases[0])}/identity?reason=Rendez-vous")).ShouldBeAsync(HttpStatusCode.OK);
        read.GetProperty("lastName").GetString().ShouldBe(People[0].LastName);
        await (await auditor.GetAsync($"{Steps.Case(cases[1])}/identity?reason=Contr%C3%B4le")).ShouldBeAsync(HttpStatusCode.OK);
        await (await auditor.GetAsync("/api/departements/31/access-log")).ShouldBeAsync(HttpStatusCode.OK);
        (await admin.PostAsync($"{Steps.Case(cases[1])}/identity/erasure", new { reason = "Demande de la personne" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // Pages with a session cookie: the search, a case, the work queue.
        var browser = api.Server.CreateClient(null);
        browser.DefaultRequestHeaders.Add("Cookie", $"{Web.WebSession.CookieName}={managerSecret}");
        foreach (var url in new[] { $"/dossiers?id={cases[0]}", $"/dossiers/{cases[0]}", "/file" }) ((int)(await browser.GetAsync(url)).StatusCode).ShouldBeLessThan(400, url);

        // Bad requests that carry identity data, a revoked token, a forged one.
        await (await manager.PostAsync($"{Steps.Case(cases[0])}/diagnostics", new { on = People[0].Nir, organisation = People[0].LastName }))
            .ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await manager.PostRawAsync($"{Steps.Case(cases[0])}/diagnostics", $"{{\"organisation\": \"{People[1].FirstName} {People[1].Nir}\", ")).ShouldBeAsync(HttpStatusCode.BadRequest);
        var revoked = await (await admin.PostAsync("/api/departements/31/tokens", new { role = "auditor", name = "a-revoquer" })).ShouldBeAsync(HttpStatusCode.Created);
        var revokedSecret = revoked.GetProperty("secret").GetString()!;
        secrets.Add(revokedSecret);
        (await admin.DeleteAsync($"/api/departements/31/tokens/{revoked.GetProperty("token").GetProperty("id").GetGuid()}")).IsSuccessStatusCode.ShouldBeTrue();
        const string forged = "pct_ForgedSecretThatMustNotBeLogged0123456789";
        secrets.Add(forged);
        foreach (var bad in new[] { revokedSecret, forged })
            await (await api.Server.CreateClient(bad).GetAsync("/api/departements/31/access-log")).ShouldBeAsync(HttpStatusCode.Unauthorized, ProblemAuthorizationResultHandler.InvalidToken);

        var entries = api.Logs.Entries;
        entries.Count.ShouldBeGreaterThan(100, "the run must have been logged at trace level");
        entries.ShouldContain(e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Level == Microsoft.Extensions.Logging.LogLevel.Debug);
        var forbidden = People.SelectMany(p => new[] { p.LastName, p.FirstName, p.Nir!, p.Nir![..13], p.CafNumber!, p.Address! })
            .Concat(secrets).Concat(secrets.Select(s => s[^16..])).ToList();
        var leaks = entries.SelectMany(e => forbidden.Where(f => e.Text.Contains(f, StringComparison.OrdinalIgnoreCase)).Select(f => $"« {f} » in {e.Text}")).ToList();
        leaks.ShouldBeEmpty();
    }

    private async Task<HttpClient> ClientAsync(string role, List<string> secrets)
    {
        var secret = await api.TokenAsync(role);
        secrets.Add(secret);
        return api.Server.CreateClient(secret);
    }
}
