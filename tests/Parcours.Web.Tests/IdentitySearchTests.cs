using Microsoft.Playwright;
using NodaTime;
using Parcours.Application.Identity;
using Parcours.Server.Auth;

namespace Parcours.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class IdentitySearchTests(WebFixture web)
{
    // A valid NIR (13 characters; the key of the 15-character form is 97 - n mod 97).
    private const string Nir = "2840731555123";

    [Fact]
    public async Task A_manager_finds_a_case_by_caf_number_or_nir_within_their_territories_only()
    {
        var api = web.Api(await web.TokenAsync(ParcoursRoles.Manager));
        var applicant = await api.CreateCaseAsync("2025-05-14", territory: "Volvestre");
        var partner = await api.CreateCaseAsync("2025-05-14", territory: "Volvestre");
        var elsewhere = await api.CreateCaseAsync("2025-05-14", territory: "Lauragais");
        await web.SaveIdentityAsync(applicant, new PersonIdentity("Martin", "Claire", new LocalDate(1984, 7, 2), Nir, "7654321", "DEM", null));
        await web.SaveIdentityAsync(partner, new PersonIdentity("Martin", "Paul", null, null, "7654321", "CJT", null));
        await web.SaveIdentityAsync(elsewhere, new PersonIdentity("Durand", "Léa", null, null, "7654322", "DEM", null));

        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Manager));
        await page.GotoAsync("/dossiers");
        // The CAF number as a letter prints it (leading zeros, spaces), every role: both people of the household.
        await page.GetByLabel("Numéro CAF (matricule) ou NIR").FillAsync("0 765 4321");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).ClickAsync();
        var results = page.Locator("#resultats-caf");
        (await results.InnerTextAsync()).ShouldContain("2 dossier(s) trouvé(s)");
        (await results.GetByRole(AriaRole.Link).AllInnerTextsAsync()).Select(Guid.Parse).Order().ShouldBe(new[] { applicant, partner }.Order());
        (await results.InnerTextAsync()).ShouldNotContain("Martin");
        await page.CheckAndShootAsync("recherche-caf");

        // One role only; then the NIR.
        await page.GetByLabel("Rôle dans le foyer").SelectOptionAsync("CJT");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).ClickAsync();
        (await results.GetByRole(AriaRole.Link).AllInnerTextsAsync()).ShouldBe([partner.ToString()]);
        await page.GetByLabel("Rôle dans le foyer").SelectOptionAsync("");
        await page.GetByLabel("Numéro CAF (matricule) ou NIR").FillAsync("2 84 07 31 555 123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).ClickAsync();
        (await results.InnerTextAsync()).ShouldContain("(NIR)");
        await results.GetByRole(AriaRole.Link, new() { Name = applicant.ToString() }).ClickAsync();
        await page.WaitForURLAsync($"**/dossiers/{applicant}");

        // Not a number: said next to the field.
        await page.GotoAsync("/dossiers?caf=Martin");
        (await page.Locator("#erreur-caf").InnerTextAsync()).ShouldContain("n'est ni un numéro CAF");

        // A manager limited to Volvestre does not learn of the Lauragais case.
        var limited = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Manager, territories: ["Volvestre"]));
        await limited.GotoAsync("/dossiers?caf=7654322");
        (await limited.Locator("#resultats-caf").InnerTextAsync()).ShouldContain("Aucun dossier trouvé pour « 7654322 » dans vos territoires");
        await limited.GotoAsync("/dossiers?caf=7654321");
        (await limited.Locator("#resultats-caf").GetByRole(AriaRole.Link).CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task An_auditor_finds_a_case_by_caf_number_and_opens_its_history()
    {
        var caseId = await web.Api(await web.TokenAsync(ParcoursRoles.Manager)).CreateCaseAsync("2025-05-15");
        await web.SaveIdentityAsync(caseId, new PersonIdentity("Bernard", "Inès", null, null, "4455667", "DEM", null));
        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Auditor));
        await page.GotoAsync("/audit");
        await page.GetByLabel("Numéro CAF (matricule) ou NIR").FillAsync("4455667");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).ClickAsync();
        await page.Locator("#resultats-caf").GetByRole(AriaRole.Link, new() { Name = caseId.ToString() }).ClickAsync();
        await page.WaitForURLAsync($"**/audit/dossiers/{caseId}");
    }

    [Fact]
    public async Task A_manager_finds_cases_by_whole_name_whatever_the_accents_within_their_territories_only()
    {
        var api = web.Api(await web.TokenAsync(ParcoursRoles.Manager));
        var here = await api.CreateCaseAsync("2025-05-16", territory: "Volvestre");
        var namesake = await api.CreateCaseAsync("2025-05-16", territory: "Lauragais");
        var other = await api.CreateCaseAsync("2025-05-16", territory: "Volvestre");
        await web.SaveIdentityAsync(here, new PersonIdentity("Lefèvre-Saint-Aubin", "Hélène", null, null, null, null, null));
        await web.SaveIdentityAsync(namesake, new PersonIdentity("LEFEVRE SAINT AUBIN", "Helene", null, null, null, null, null));
        await web.SaveIdentityAsync(other, new PersonIdentity("Lefèvre-Saint-Aubin", "Hélèna", null, null, null, null, null));

        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Manager));
        await page.GotoAsync("/dossiers");
        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("lefevre saint-aubin");
        await page.GetByLabel("Prénom", new() { Exact = true }).FillAsync("HÉLÈNE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher par nom" }).ClickAsync();
        var results = page.Locator("#resultats-nom");
        (await results.InnerTextAsync()).ShouldContain("2 dossier(s) trouvé(s) à ce nom");
        (await results.GetByRole(AriaRole.Link).AllInnerTextsAsync()).Select(Guid.Parse).Order().ShouldBe(new[] { here, namesake }.Order());
        (await page.GetByLabel("Nom", new() { Exact = true }).InputValueAsync()).ShouldBe("lefevre saint-aubin");
        await page.CheckAndShootAsync("recherche-nom");
        await results.GetByRole(AriaRole.Link, new() { Name = here.ToString() }).ClickAsync();
        await page.WaitForURLAsync($"**/dossiers/{here}");

        // A prefix is not a name; a missing first name is said next to the fields.
        await page.GotoAsync("/dossiers?nom=Lef%C3%A8vre&prenom=H%C3%A9l%C3%A8ne");
        (await page.Locator("#resultats-nom").InnerTextAsync()).ShouldContain("Aucun dossier trouvé à ce nom");
        await page.GotoAsync("/dossiers?nom=Lef%C3%A8vre-Saint-Aubin");
        (await page.Locator("#erreur-nom").InnerTextAsync()).ShouldContain("Indiquez le nom et le prénom");
        await page.CheckAccessibilityAsync("recherche-nom-erreur");

        // A manager limited to Volvestre does not learn of the Lauragais namesake.
        var limited = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Manager, territories: ["Volvestre"]));
        await limited.GotoAsync("/dossiers?nom=Lefevre-Saint-Aubin&prenom=Helene");
        (await limited.Locator("#resultats-nom").GetByRole(AriaRole.Link).AllInnerTextsAsync()).ShouldBe([here.ToString()]);

        // An auditor searches by name too, and lands on the history.
        var auditor = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Auditor));
        await auditor.GotoAsync("/audit?nom=Lef%C3%A8vre-Saint-Aubin&prenom=H%C3%A9l%C3%A8na");
        await auditor.Locator("#resultats-nom").GetByRole(AriaRole.Link, new() { Name = other.ToString() }).ClickAsync();
        await auditor.WaitForURLAsync($"**/audit/dossiers/{other}");
    }
}
