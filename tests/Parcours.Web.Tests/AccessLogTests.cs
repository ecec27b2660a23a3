using Microsoft.Playwright;
using Parcours.Application.Identity;
using Parcours.Server.Auth;

namespace Parcours.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class AccessLogTests(WebFixture web)
{
    [Fact]
    public async Task An_auditor_reads_the_access_log_filtered_by_case_actor_and_days()
    {
        var manager = web.Api(await web.TokenAsync(ParcoursRoles.Manager, name: "gestionnaire.journal"));
        var read = await manager.CreateCaseAsync("2025-05-19");
        var other = await manager.CreateCaseAsync("2025-05-19");
        await web.SaveIdentityAsync(read, new PersonIdentity("Petit", "Jeanne", null, null, "5566778", "DEM", null));
        (await manager.GetAsync($"{Api.Cases}/{read}/identity?reason={Uri.EscapeDataString("Vérification de l'adresse avant rendez-vous")}")).EnsureSuccessStatusCode();
        // A read of a case without identity is logged too, as not found.
        (await manager.GetAsync($"{Api.Cases}/{other}/identity?reason=Contr%C3%B4le")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Auditor));
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Journal des accès" }).ClickAsync();
        await page.WaitForURLAsync("**/audit/journal");
        var rows = page.Locator("#journal tbody tr");
        (await rows.Filter(new() { HasText = read.ToString() }).InnerTextAsync()).ShouldContain("Vérification de l'adresse avant rendez-vous");

        await page.GetByLabel("Auteur").FillAsync("gestionnaire.journal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await page.WaitForURLAsync("**auteur=gestionnaire.journal**");
        (await rows.CountAsync()).ShouldBe(2);
        var first = await rows.Nth(0).Locator("td, th").AllInnerTextsAsync();
        first.ShouldBe(["16/06/2025 10:00:00", read.ToString(), "Lecture", "gestionnaire.journal", "Vérification de l'adresse avant rendez-vous", "Oui"]);
        (await rows.Nth(1).InnerTextAsync()).ShouldContain("Non (absente ou déjà effacée)");
        await page.CheckAndShootAsync("journal-acces");

        await page.GetByLabel("Dossier").FillAsync(other.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await page.WaitForURLAsync($"**dossier={other}**");
        (await rows.CountAsync()).ShouldBe(1);

        // Days in Paris time, the last one included.
        await page.GotoAsync("/audit/journal?auteur=gestionnaire.journal&du=2025-06-16&au=2025-06-16");
        (await rows.CountAsync()).ShouldBe(2);
        await page.GotoAsync("/audit/journal?auteur=gestionnaire.journal&du=2025-06-17");
        (await page.GetByRole(AriaRole.Status).InnerTextAsync()).ShouldContain("Aucun accès");
        var bad = await page.GotoAsync("/audit/journal?dossier=abc&du=2025-06-17&au=2025-06-01");
        bad!.Status.ShouldBe(400);
        (await page.Locator("#erreur-dossier").InnerTextAsync()).ShouldContain("n'est pas un identifiant de dossier");
        (await page.Locator("#erreur-au").InnerTextAsync()).ShouldContain("précède");
    }
}
