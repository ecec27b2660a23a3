using Microsoft.Playwright;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.EventStore;
using Parcours.Server.Auth;

namespace Parcours.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class ClosingTests(WebFixture web)
{
    /// <summary>No other test enters cases in February 2025.</summary>
    private const string Month = "2025-02";

    [Fact]
    public async Task An_admin_closes_a_month_and_the_insertion_service_sees_its_revisions_with_the_events_responsible()
    {
        var manager = web.Api(await web.TokenAsync(ParcoursRoles.Manager, name: "gestionnaire.fevrier"));
        var late = await manager.CreateCaseAsync("2025-02-03");
        await manager.CreateCaseAsync("2025-02-17");
        (await web.Models.Daemon.CatchUpOrWaitAsync(TenantId.Parse(WebFixture.Dep), TimeSpan.FromSeconds(30))).ShouldBeTrue();

        var admin = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Admin, name: "admin.cd31"));
        await admin.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Clôtures" }).ClickAsync();
        await admin.WaitForURLAsync("**/clotures");
        // A month not over yet is refused, in French.
        await admin.GetByLabel("Mois à clore").FillAsync("2025-06");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Clore le mois" }).ClickAsync();
        (await admin.Locator("#erreur-cloture").InnerTextAsync()).ShouldContain("n'est pas terminé");

        await admin.GetByLabel("Mois à clore").FillAsync(Month);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Clore le mois" }).ClickAsync();
        await admin.WaitForURLAsync($"**/clotures?clos={Month}");
        await admin.GetByRole(AriaRole.Status).GetByText("Le mois Février 2025 est clos").WaitForAsync();
        (await admin.Locator("#clotures tbody tr", new() { HasText = "Février 2025" }).InnerTextAsync()).ShouldContain("admin.cd31");
        // Admins close months; the revisions are for the insertion service and auditors.
        (await admin.GetByRole(AriaRole.Link, new() { Name = "Voir les révisions" }).CountAsync()).ShouldBe(0);
        await admin.CheckAndShootAsync("clotures-admin");

        // Closing it again is refused: a closing is never redone.
        await admin.GetByLabel("Mois à clore").FillAsync(Month);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Clore le mois" }).ClickAsync();
        (await admin.Locator("#erreur-cloture").InnerTextAsync()).ShouldContain("est déjà clos");

        // Recorded after the closing: the orientation of 3 February's entrant, decided on 20 February (within a month).
        await manager.OrientAsync(late, "2025-02-20", "MDS Muret");

        var service = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.InsertionService));
        await service.GotoAsync("/clotures");
        // The insertion service, which publishes the figures, closes months too.
        (await service.GetByRole(AriaRole.Button, new() { Name = "Clore le mois" }).CountAsync()).ShouldBe(1);
        await service.CheckAndShootAsync("clotures");
        await service.GetByRole(AriaRole.Link, new() { Name = "Voir les révisions de Février 2025" }).ClickAsync();
        await service.WaitForURLAsync($"**/clotures/{Month}");
        (await service.Locator("#empreinte").InnerTextAsync()).ShouldContain("Chiffres publiés intacts");
        var row2 = service.Locator($"#revisions tbody tr[data-definition='{CalpaeRow2OrientationDelay.Id}']").Filter(new() { HasText = "Ensemble" });
        var cells = await row2.Locator("td").AllInnerTextsAsync();
        cells[1].ShouldStartWith("0 / 2");
        cells[2].ShouldStartWith("1 / 2");
        var revised = service.Locator("#dossiers-revises tbody tr", new() { HasText = late.ToString() });
        var text = await revised.InnerTextAsync();
        text.ShouldContain("Version 2 : Orientation du 20/02/2025");
        text.ShouldContain("par gestionnaire.fevrier");
        // The insertion service sees pseudonymous ids, with no link to a case page.
        (await revised.GetByRole(AriaRole.Link).CountAsync()).ShouldBe(0);
        await service.CheckAndShootAsync("revisions");

        // Auditors read closings but do not close: the form is absent for them, and posting it anyway is refused.
        var auditor = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Auditor));
        await auditor.GotoAsync("/clotures");
        (await auditor.GetByRole(AriaRole.Button, new() { Name = "Clore le mois" }).CountAsync()).ShouldBe(0);
        var antiforgery = await auditor.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var refused = await auditor.APIRequest.PostAsync("/clotures", new()
        {
            MaxRedirects = 0,
            Form = auditor.APIRequest.CreateFormData().Set("mois", "2024-12").Set("__RequestVerificationToken", antiforgery),
        });
        refused.Status.ShouldBe(302);
        refused.Headers["location"].ShouldBe("/acces-refuse");
        (await web.Models.Closings.GetAsync(TenantId.Parse(WebFixture.Dep), new NodaTime.YearMonth(2024, 12))).ShouldBeNull();

        // An auditor's revision rows open the case's history.
        await auditor.GotoAsync($"/clotures/{Month}");
        await auditor.Locator("#dossiers-revises").GetByRole(AriaRole.Link, new() { Name = late.ToString() }).ClickAsync();
        await auditor.WaitForURLAsync($"**/audit/dossiers/{late}");
    }

    [Fact]
    public async Task A_month_not_closed_has_no_revisions_page()
    {
        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.InsertionService));
        var response = await page.GotoAsync("/clotures/2024-01");
        response!.Status.ShouldBe(404);
        (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldContain("n'est pas clos");
        (await page.GotoAsync("/clotures/janvier"))!.Status.ShouldBe(400);
    }
}
