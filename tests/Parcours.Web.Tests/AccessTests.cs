using System.Net;
using Microsoft.Playwright;
using Parcours.Server.Auth;

namespace Parcours.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class AccessTests(WebFixture web)
{
    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page_and_a_bad_token_is_refused()
    {
        var page = await web.AnonymousPageAsync();
        await page.GotoAsync("/indicateurs");
        page.Url.ShouldContain("/connexion?retour=%2Findicateurs");
        await page.CheckAndShootAsync("connexion");

        await page.GetByLabel("Jeton d'accès").FillAsync("pct_faux");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**invalide=1**");
        (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldContain("inconnu, révoqué, expiré ou invalide");
    }

    [Fact]
    public async Task Each_role_sees_its_own_pages_only_and_gets_a_french_403_elsewhere()
    {
        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.InsertionService));
        var nav = await page.GetByRole(AriaRole.Navigation).InnerTextAsync();
        nav.ShouldContain("Indicateurs");
        nav.ShouldNotContain("File de travail");
        nav.ShouldNotContain("Audit");
        await page.CheckAndShootAsync("accueil");

        var refused = await page.GotoAsync("/file");
        refused!.Status.ShouldBe((int)HttpStatusCode.Forbidden);
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Accès refusé");
        await page.CheckAndShootAsync("acces-refuse");
        (await page.GotoAsync($"/audit/dossiers/{Guid.NewGuid()}"))!.Status.ShouldBe((int)HttpStatusCode.Forbidden);

        var manager = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Manager));
        (await manager.GotoAsync("/indicateurs"))!.Status.ShouldBe((int)HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_strict_and_never_opens_the_api()
    {
        var page = await web.SignedInPageAsync(await web.TokenAsync(ParcoursRoles.Manager));
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "parcours_session");
        cookie.HttpOnly.ShouldBeTrue();
        cookie.SameSite.ShouldBe(SameSiteAttribute.Strict);

        var api = await page.GotoAsync($"/api/departements/{WebFixture.Dep}/work-queue");
        api!.Status.ShouldBe((int)HttpStatusCode.Unauthorized);

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.WaitForURLAsync("**/connexion");
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "parcours_session");
        await page.GotoAsync("/file");
        page.Url.ShouldContain("/connexion");
    }
}
