using Microsoft.Playwright;
using Parcours.Server.Auth;

namespace Parcours.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class AuditorTests(WebFixture web)
{
    [Fact]
    public async Task An_auditor_replays_a_corrected_case_before_and_after_its_correction()
    {
        var manager = web.Api(await web.TokenAsync(ParcoursRoles.Manager, name: "gestionnaire.muret"));
        var caseId = await manager.CreateCaseAsync("2025-04-07");
        await manager.OrientAsync(caseId, "2025-04-22", "MDS Colomiers");
        await manager.PostAsync($"{Api.Cases}/{caseId}/corrections", new
        {
            targetVersion = 2,
            reason = "Erreur d'organisme",
            step = new { decidedOn = "2025-04-22", track = "Social", organisation = "MDS Blagnac", channel = "Manager" },
        });

        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Auditor, name: "auditeur"));
        await page.GotoAsync("/audit");
        await page.CheckAndShootAsync("audit");
        await page.GetByLabel("Identifiant du dossier").FillAsync(caseId.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Voir l'historique" }).ClickAsync();
        await page.WaitForURLAsync($"**/audit/dossiers/{caseId}");

        (await page.Locator("#chaine").InnerTextAsync()).ShouldContain("Chaîne de hachage intacte");
        var history = page.Locator("#historique tbody tr");
        (await history.CountAsync()).ShouldBe(3);
        (await page.Locator("#v2").InnerTextAsync()).ShouldContain("Corrigée par la version 3");
        (await page.Locator("#v3").InnerTextAsync()).ShouldContain("Corrige la version 2");
        (await page.Locator("#v3").InnerTextAsync()).ShouldContain("gestionnaire.muret");

        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Version", Exact = true }).FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rejouer" }).ClickAsync();
        var state = page.Locator("#etat");
        (await state.InnerTextAsync()).ShouldContain("MDS Colomiers");
        (await state.InnerTextAsync()).ShouldNotContain("MDS Blagnac");

        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Version", Exact = true }).FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rejouer" }).ClickAsync();
        await page.WaitForURLAsync("**version=3**");
        (await state.InnerTextAsync()).ShouldContain("MDS Blagnac");
        (await state.InnerTextAsync()).ShouldContain("corrigée par la version 3");

        // On a business date before the orientation: entered, not yet oriented.
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Version", Exact = true }).FillAsync("");
        await page.GetByLabel("Date métier").FillAsync("2025-04-15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rejouer" }).ClickAsync();
        await page.WaitForURLAsync("**date=2025-04-15**");
        (await state.InnerTextAsync()).ShouldContain("En attente d'orientation");
        await page.CheckAndShootAsync("audit-dossier");
    }
}
