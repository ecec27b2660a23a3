using Microsoft.Playwright;
using Parcours.Server.Auth;

namespace Parcours.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class ManagerTests(WebFixture web)
{
    private static readonly System.Text.RegularExpressions.Regex OrientationCell = new("^Orientation$");

    [Fact]
    public async Task A_manager_records_an_orientation_and_the_case_leaves_the_queue_for_it()
    {
        var token = await web.TokenAsync(ParcoursRoles.Manager, name: "gestionnaire.toulouse");
        var api = web.Api(token);
        // Entered on 2 May: the orientation awaited within a month is late on 16 June.
        var caseId = await api.CreateCaseAsync("2025-05-02", territory: "Toulouse-Nord");
        var page = await web.SignedInPageAsync(token);

        await page.GotoAsync("/file");
        var rows = page.Locator("#file tbody tr", new() { HasText = caseId.ToString() });
        (await rows.CountAsync()).ShouldBeGreaterThan(0);
        var orientationRows = rows.Filter(new() { Has = page.Locator("td", new() { HasTextRegex = OrientationCell }) });
        (await orientationRows.CountAsync()).ShouldBeGreaterThan(0);
        (await orientationRows.First.InnerTextAsync()).ShouldContain("En retard");
        await page.CheckAndShootAsync("file-de-travail");

        await page.GetByRole(AriaRole.Link, new() { Name = caseId.ToString() }).First.ClickAsync();
        await page.WaitForURLAsync($"**/dossiers/{caseId}");
        var form = page.Locator("form", new() { Has = page.Locator("input[name=etape][value=orientations]") });
        await form.GetByLabel("Date de la décision").FillAsync("2025-06-10");
        await form.GetByLabel("Parcours").SelectOptionAsync(new SelectOptionValue { Label = "Social" });
        await form.GetByLabel("Organisme référent").FillAsync("MDS Colomiers");
        await form.GetByLabel("Mode de décision").SelectOptionAsync(new SelectOptionValue { Label = "Gestionnaire" });
        await form.GetByRole(AriaRole.Button).ClickAsync();

        await page.GetByRole(AriaRole.Status).GetByText("Étape enregistrée : Décision d'orientation").WaitForAsync();
        (await page.Locator(".timeline").InnerTextAsync()).ShouldContain("MDS Colomiers");
        await page.CheckAndShootAsync("dossier");

        await page.GotoAsync("/file");
        (await page.Locator("#file tbody tr", new() { HasText = caseId.ToString() })
            .Filter(new() { Has = page.Locator("td", new() { HasTextRegex = OrientationCell }) }).CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Domain_rules_answer_in_french_next_to_the_form()
    {
        var token = await web.TokenAsync(ParcoursRoles.Manager);
        var caseId = await web.Api(token).CreateCaseAsync("2025-06-02");
        var page = await web.SignedInPageAsync(token);
        await page.GotoAsync($"/dossiers/{caseId}");
        var form = page.Locator("form", new() { Has = page.Locator("input[name=etape][value=orientations]") });

        // A missing field: named next to its input, with its French label.
        await form.GetByLabel("Organisme référent").FillAsync("MDS Muret");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        var decided = page.GetByLabel("Date de la décision");
        (await decided.GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await page.Locator("#orientations-decidedOn-erreur").InnerTextAsync()).ShouldContain("« Date de la décision » est obligatoire");
        (await page.GetByLabel("Organisme référent").InputValueAsync()).ShouldBe("MDS Muret");
        await page.CheckAndShootAsync("dossier-erreurs");

        // A date in the future: the decider's rule, its French message shown with the form; nothing recorded.
        var retry = page.Locator("form", new() { Has = page.Locator("input[name=etape][value=orientations]") });
        await retry.GetByLabel("Date de la décision").FillAsync("2025-07-01");
        await retry.GetByLabel("Parcours").SelectOptionAsync("Social");
        await retry.GetByLabel("Mode de décision").SelectOptionAsync("Manager");
        await retry.GetByRole(AriaRole.Button).ClickAsync();
        var alert = page.Locator("#orientations-erreur");
        (await alert.InnerTextAsync()).ShouldNotBeNullOrWhiteSpace();
        (await alert.InnerTextAsync()).ShouldNotContain("Exception");
        (await page.Locator(".timeline li").CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_step_sent_on_a_case_someone_else_changed_meanwhile_is_refused_with_a_reload_link()
    {
        var token = await web.TokenAsync(ParcoursRoles.Manager);
        var api = web.Api(token);
        var caseId = await api.CreateCaseAsync("2025-06-02");
        var page = await web.SignedInPageAsync(token);
        await page.GotoAsync($"/dossiers/{caseId}");

        // Another manager records a diagnostic while this page is open.
        await api.PostAsync($"{Api.Cases}/{caseId}/diagnostics", new { on = "2025-06-05", organisation = "Agence Nord" });

        var form = page.Locator("form", new() { Has = page.Locator("input[name=etape][value=orientations]") });
        await form.GetByLabel("Date de la décision").FillAsync("2025-06-10");
        await form.GetByLabel("Parcours").SelectOptionAsync("Professional");
        await form.GetByLabel("Organisme référent").FillAsync("France Travail Blagnac");
        await form.GetByLabel("Mode de décision").SelectOptionAsync("Manager");
        await form.GetByRole(AriaRole.Button).ClickAsync();

        var conflict = page.Locator("#conflit");
        (await conflict.InnerTextAsync()).ShouldContain("modifié par quelqu'un d'autre");
        await conflict.GetByRole(AriaRole.Link, new() { Name = "Recharger le dossier" }).ClickAsync();
        var timeline = await page.Locator(".timeline").InnerTextAsync();
        timeline.ShouldContain("Agence Nord");
        timeline.ShouldNotContain("France Travail Blagnac");
    }

    [Fact]
    public async Task Search_by_case_id_opens_the_case_or_says_what_is_wrong()
    {
        var token = await web.TokenAsync(ParcoursRoles.Manager);
        var caseId = await web.Api(token).CreateCaseAsync("2025-06-03");
        var page = await web.SignedInPageAsync(token);
        await page.GotoAsync("/dossiers");
        await page.CheckAndShootAsync("recherche");
        await page.GetByLabel("Identifiant du dossier").FillAsync("pas-un-id");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir le dossier" }).ClickAsync();
        (await page.Locator("#erreur-id").InnerTextAsync()).ShouldContain("n'est pas un identifiant");

        await page.GetByLabel("Identifiant du dossier").FillAsync(caseId.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir le dossier" }).ClickAsync();
        await page.WaitForURLAsync($"**/dossiers/{caseId}");

        var unknown = await page.GotoAsync($"/dossiers/{Guid.NewGuid()}");
        unknown!.Status.ShouldBe(404);
        (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldContain("Aucun dossier");
    }

    [Fact]
    public async Task A_manager_limited_to_a_territory_sees_only_its_cases()
    {
        var api = web.Api(await web.TokenAsync(ParcoursRoles.Manager));
        var mine = await api.CreateCaseAsync("2025-05-06", territory: "Comminges");
        var other = await api.CreateCaseAsync("2025-05-06", territory: "Lauragais");
        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Manager, territories: ["Comminges"]));

        await page.GotoAsync("/file");
        var queue = await page.Locator("#file").InnerTextAsync();
        queue.ShouldContain(mine.ToString());
        queue.ShouldNotContain(other.ToString());
        (await page.GetByLabel("Territoire").Locator("option").AllInnerTextsAsync()).ShouldBe(["Tous mes territoires", "Comminges"]);

        var refused = await page.GotoAsync($"/dossiers/{other}");
        refused!.Status.ShouldBe(403);
        (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldContain("limité à certains territoires");
    }
}
