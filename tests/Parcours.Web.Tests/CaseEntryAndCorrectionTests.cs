using Microsoft.Playwright;
using Parcours.Server.Auth;

namespace Parcours.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class CaseEntryAndCorrectionTests(WebFixture web)
{
    [Fact]
    public async Task A_manager_creates_a_case_and_the_entry_rules_answer_in_french()
    {
        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Manager, name: "gestionnaire.muret"));
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Créer un dossier" }).ClickAsync();
        await page.WaitForURLAsync("**/dossiers/nouveau");

        // Nothing filled: each missing field named next to its input; nothing created.
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le dossier" }).ClickAsync();
        (await page.Locator("#entries-applicationDate-erreur").InnerTextAsync()).ShouldContain("« Date de la demande de RSA » est obligatoire");
        (await page.GetByLabel("Date de la demande de RSA").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await page.CheckAndShootAsync("nouveau-dossier-erreurs");

        // A rule of the domain: the application cannot come after the day the département learned of it.
        await page.GetByLabel("Date de la demande de RSA").FillAsync("2025-06-10");
        await page.GetByLabel("Date à laquelle le département l'a apprise").FillAsync("2025-06-02");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Oui" }).CheckAsync();
        await page.GetByLabel("Territoire").FillAsync("Comminges");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le dossier" }).ClickAsync();
        (await page.Locator("#entree-erreur").InnerTextAsync()).ShouldContain("ne peut pas être postérieure à la date de connaissance");
        (await page.GetByLabel("Territoire").InputValueAsync()).ShouldBe("Comminges");

        await page.GetByLabel("Date de la demande de RSA").FillAsync("2025-05-28");
        var sent = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries(new FormData(document.querySelector('input[name=cle]').form))");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le dossier" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/dossiers/[0-9a-f-]{36}\\?enregistre=creation$"));
        await page.GetByRole(AriaRole.Status).GetByText("Dossier créé").WaitForAsync();
        var id = Guid.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);
        (await page.Locator(".timeline").InnerTextAsync()).ShouldContain("Demande du 28/05/2025, connue le 02/06/2025 ; soumis aux droits et devoirs ; territoire Comminges");
        (await page.Locator(".timeline").InnerTextAsync()).ShouldContain("par gestionnaire.muret");
        await page.CheckAndShootAsync("nouveau-dossier-cree");

        // The same form sent again (a double click, a reload) creates no second case: its idempotency key answers as the first.
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in sent) form.Set(name, value);
        var again = await page.APIRequest.PostAsync("/dossiers/nouveau", new() { Form = form, MaxRedirects = 0 });
        again.Status.ShouldBe(302);
        again.Headers["location"].ShouldBe($"/dossiers/{id}?enregistre=creation");
    }

    [Fact]
    public async Task A_manager_corrects_a_step_then_retracts_it_from_the_case_page()
    {
        var token = await web.TokenAsync(ParcoursRoles.Manager, name: "gestionnaire.blagnac");
        var api = web.Api(token);
        var caseId = await api.CreateCaseAsync("2025-05-12");
        await api.OrientAsync(caseId, "2025-05-20", "MDS Colomiers");
        var page = await web.SignedInPageAsync(token);
        await page.GotoAsync($"/dossiers/{caseId}");

        await page.Locator("#v2").GetByRole(AriaRole.Link, new() { Name = "Corriger ou retirer" }).ClickAsync();
        await page.WaitForURLAsync($"**/dossiers/{caseId}/etapes/2");
        var correction = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la correction" }) });
        // The form shows the step as recorded.
        (await correction.GetByLabel("Organisme référent").InputValueAsync()).ShouldBe("MDS Colomiers");
        (await correction.GetByLabel("Date de la décision").InputValueAsync()).ShouldBe("2025-05-20");
        await page.CheckAndShootAsync("etape-correction");

        // Without a reason: the domain's rule, in French; nothing recorded, what was typed kept.
        await correction.GetByLabel("Organisme référent").FillAsync("MDS Blagnac");
        await correction.GetByRole(AriaRole.Button).ClickAsync();
        (await page.Locator("#correction-erreur").InnerTextAsync()).ShouldContain("« motif » est obligatoire");
        (await page.GetByLabel("Organisme référent").InputValueAsync()).ShouldBe("MDS Blagnac");

        // A date the domain refuses (an orientation before the entry).
        await page.GetByLabel("Date de la décision").FillAsync("2025-05-01");
        await page.GetByLabel("Motif de la correction").FillAsync("Erreur d'organisme");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la correction" }).ClickAsync();
        (await page.Locator("#correction-erreur").InnerTextAsync()).ShouldNotBeNullOrWhiteSpace();
        await page.CheckAndShootAsync("etape-correction-erreur");

        await page.GetByLabel("Date de la décision").FillAsync("2025-05-20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la correction" }).ClickAsync();
        await page.WaitForURLAsync($"**/dossiers/{caseId}?enregistre=correction");
        await page.GetByRole(AriaRole.Status).GetByText("Correction enregistrée").WaitForAsync();
        (await page.Locator("#v2").InnerTextAsync()).ShouldContain("corrigée (version 3)");
        (await page.Locator(".summary").InnerTextAsync()).ShouldContain("MDS Blagnac");
        (await page.Locator("#v3").InnerTextAsync()).ShouldContain("Erreur d'organisme");
        // A correction is not itself corrected: only steps in force have the link.
        (await page.Locator("#v3").GetByRole(AriaRole.Link, new() { Name = "Corriger ou retirer" }).CountAsync()).ShouldBe(0);

        // The form now shows the step as corrected; retract it.
        await page.Locator("#v2").GetByRole(AriaRole.Link, new() { Name = "Corriger ou retirer" }).ClickAsync();
        (await page.GetByLabel("Organisme référent").InputValueAsync()).ShouldBe("MDS Blagnac");
        await page.GetByLabel("Motif du retrait").FillAsync("Orientation saisie sur le mauvais dossier");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retirer l'étape" }).ClickAsync();
        await page.WaitForURLAsync($"**/dossiers/{caseId}?enregistre=retrait");
        (await page.Locator("#v2").InnerTextAsync()).ShouldContain("retirée (version 4)");
        (await page.Locator(".summary").InnerTextAsync()).ShouldContain("En attente d'orientation");
        (await page.Locator("#v2").GetByRole(AriaRole.Link, new() { Name = "Corriger ou retirer" }).CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_correction_sent_after_someone_else_changed_the_case_is_refused_and_said()
    {
        var token = await web.TokenAsync(ParcoursRoles.Manager);
        var api = web.Api(token);
        var caseId = await api.CreateCaseAsync("2025-05-13");
        await api.OrientAsync(caseId, "2025-05-21", "MDS Muret");
        var page = await web.SignedInPageAsync(token);
        await page.GotoAsync($"/dossiers/{caseId}/etapes/2");

        // Another manager notifies the orientation while this page is open.
        await api.PostAsync($"{Api.Cases}/{caseId}/orientation-notifications", new { on = "2025-05-23" });

        await page.GetByLabel("Organisme référent").FillAsync("MDS Portet");
        await page.GetByLabel("Motif de la correction").FillAsync("Erreur d'organisme");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la correction" }).ClickAsync();
        var conflict = page.Locator("#conflit");
        (await conflict.InnerTextAsync()).ShouldContain("modifié par quelqu'un d'autre");
        (await conflict.InnerTextAsync()).ShouldContain("La correction n'a pas été enregistrée");
        (await conflict.InnerTextAsync()).ShouldContain("version 3");
        await page.CheckAndShootAsync("etape-conflit");
        await conflict.GetByRole(AriaRole.Link, new() { Name = "Recharger le dossier" }).ClickAsync();
        var timeline = await page.Locator(".timeline").InnerTextAsync();
        timeline.ShouldContain("Notifiée le 23/05/2025");
        timeline.ShouldNotContain("MDS Portet");
    }
}
