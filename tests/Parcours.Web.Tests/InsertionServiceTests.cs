using ClosedXML.Excel;
using Microsoft.Playwright;
using Parcours.Application.Reporting.Exports;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.EventStore;
using Parcours.Server.Auth;

namespace Parcours.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class InsertionServiceTests(WebFixture web)
{
    private const string Month = "2025-03";

    /// <summary>Three new entrants in March 2025 (no other test uses that month), one of them oriented in 15 days.</summary>
    private async Task<Guid[]> SeedMarchAsync()
    {
        var manager = web.Api(await web.TokenAsync(ParcoursRoles.Manager));
        var ids = new[]
        {
            await manager.CreateCaseAsync("2025-03-03"),
            await manager.CreateCaseAsync("2025-03-12"),
            await manager.CreateCaseAsync("2025-03-24"),
        };
        await manager.OrientAsync(ids[0], "2025-03-18", "MDS Colomiers");
        (await web.Models.Daemon.CatchUpOrWaitAsync(TenantId.Parse(WebFixture.Dep), TimeSpan.FromSeconds(30))).ShouldBeTrue();
        return ids;
    }

    [Fact]
    public async Task The_insertion_service_downloads_the_months_xlsx_and_it_opens_with_the_right_figures()
    {
        var ids = await SeedMarchAsync();
        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.InsertionService, name: "service.insertion"));
        await page.GotoAsync($"/indicateurs?mois={Month}");
        var calpae = page.Locator("#table-calpae-2019");
        var row1 = calpae.Locator($"tr[data-definition='{CalpaeRow1NewEntrants.Id}']");
        (await row1.Locator("td").First.InnerTextAsync()).ShouldStartWith("3");
        var row2 = calpae.Locator($"tr[data-definition='{CalpaeRow2OrientationDelay.Id}']");
        (await row2.Locator("td").First.InnerTextAsync()).ShouldStartWith("1");
        (await page.Locator("#table-plein-emploi-2025").CountAsync()).ShouldBe(1);
        await page.CheckAndShootAsync("indicateurs");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le tableau (XLSX, tableur)" }).ClickAsync());
        download.SuggestedFilename.ShouldBe($"indicateurs-31-{Month}.xlsx");
        var file = Path.Combine(WebFixture.ScreenshotDirectory, download.SuggestedFilename);
        await download.SaveAsAsync(file);
        using (var workbook = new XLWorkbook(file))
        {
            var sheet = workbook.Worksheet(DefinitionSet.Calpae2019.SheetName);
            IXLRow Row(string number) => sheet.RowsUsed().Single(r => r.Cell(IndicatorXlsx.RowColumn).GetString() == number);
            Row("1").Cell(IndicatorXlsx.NumeratorColumn).GetValue<int>().ShouldBe(3);
            Row("2").Cell(IndicatorXlsx.NumeratorColumn).GetValue<int>().ShouldBe(1);
            Row("2").Cell(IndicatorXlsx.DenominatorColumn).GetValue<int>().ShouldBe(3);
            workbook.Worksheets.Select(w => w.Name).ShouldContain(DefinitionSet.PleinEmploi2025.SheetName);
        }

        var csv = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le tableau (CSV, séparateur « ; »)" }).ClickAsync());
        var text = await File.ReadAllTextAsync(await csv.PathAsync());
        text.ShouldContain("Nombre de nouveaux entrants (SDD)");

        // Drill-down: the three cases behind row 1, by their pseudonymous ids only.
        await row1.Locator("td a").First.ClickAsync();
        await page.WaitForURLAsync("**/indicateurs/dossiers**");
        var listed = await page.Locator("tbody th[scope=row]").AllInnerTextsAsync();
        listed.Select(Guid.Parse).Order().ShouldBe(ids.Order());
        await page.CheckAndShootAsync("indicateur-dossiers");
    }

    [Fact]
    public async Task Trends_are_an_svg_chart_followed_by_its_data_table()
    {
        (await web.Models.Daemon.CatchUpOrWaitAsync(TenantId.Parse(WebFixture.Dep), TimeSpan.FromSeconds(30))).ShouldBeTrue();
        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.InsertionService));
        await page.GotoAsync($"/indicateurs/tendances?definition={CalpaeRow1NewEntrants.Id}&jusqua=2025-05&duree=12");
        (await page.Locator("svg#courbe title").TextContentAsync() ?? "").ShouldContain("Nombre de nouveaux entrants");
        var rows = page.Locator("#donnees tbody tr");
        (await rows.CountAsync()).ShouldBe(12);
        (await rows.First.Locator("th").InnerTextAsync()).ShouldBe("Juin 2024");
        await page.CheckAndShootAsync("tendances");

        await page.GetByLabel("Période", new() { Exact = true }).SelectOptionAsync("36");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await page.WaitForURLAsync("**duree=36**");
        (await page.Locator("#donnees tbody tr").CountAsync()).ShouldBe(36);
    }
}
