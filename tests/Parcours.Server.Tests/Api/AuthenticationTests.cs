using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Parcours.Server.Auth;

namespace Parcours.Server.Tests.Api;

public sealed class AuthenticationApi : ApiFixture;

/// <summary>API tokens: refused when absent, unknown or revoked; issued and revoked by admins; the API documentation.</summary>
public sealed class AuthenticationTests(AuthenticationApi api) : IClassFixture<AuthenticationApi>
{
    private const string Tokens = "/api/departements/31/tokens";

    [Fact]
    public async Task No_token_an_unknown_one_or_a_malformed_header_is_401_with_a_bearer_challenge()
    {
        var none = await api.Server.CreateClient(null).GetAsync("/api/departements/31/work-queue");
        await none.ShouldBeAsync(HttpStatusCode.Unauthorized, "auth.required");
        none.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");

        await (await api.Server.CreateClient("pct_inconnu").GetAsync("/api/departements/31/work-queue")).ShouldBeAsync(HttpStatusCode.Unauthorized, "auth.invalid-token");
        await (await api.Server.CreateClient("eyJ.pas.unjwt").GetAsync("/api/departements/31/work-queue")).ShouldBeAsync(HttpStatusCode.Unauthorized, "auth.invalid-token");
    }

    [Fact]
    public async Task An_admin_issues_a_token_that_works_at_once_lists_it_without_secret_and_revokes_it()
    {
        var admin = await api.ClientAsync(ParcoursRoles.Admin);

        var created = await admin.PostAsync(Tokens, new { role = "manager", name = "gsb-nouvelle", territories = new[] { "NORD" } });
        var body = await created.ShouldBeAsync(HttpStatusCode.Created);
        var secret = body.GetProperty("secret").GetString()!;
        secret.ShouldStartWith("pct_");
        var tokenId = body.GetProperty("token").GetProperty("id").GetGuid();
        var manager = api.Server.CreateClient(secret);
        var caseId = await manager.CreateCaseAsync(territory: "NORD");
        var auditor = await api.ClientAsync(ParcoursRoles.Auditor);
        (await (await auditor.GetAsync($"{Steps.Case(caseId)}/history")).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("events")[0].GetProperty("recordedBy").GetString().ShouldBe("gsb-nouvelle");

        var listed = await admin.GetAsync(Tokens);
        var text = await listed.Content.ReadAsStringAsync();
        text.ShouldNotContain(secret);
        (await listed.ShouldBeAsync(HttpStatusCode.OK)).EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == tokenId)
            .GetProperty("territories").EnumerateArray().Select(t => t.GetString()).ShouldBe(["NORD"]);
        await using (var stored = api.Database.DataSource.CreateCommand("SELECT count(*) FROM parcours_auth.api_tokens WHERE secret_hash = sha256(convert_to($1, 'UTF8'))"))
        {
            stored.Parameters.Add(new() { Value = secret });
            ((long)(await stored.ExecuteScalarAsync())!).ShouldBe(1);
        }

        (await admin.DeleteAsync($"{Tokens}/{tokenId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await manager.GetAsync(Steps.Case(caseId))).ShouldBeAsync(HttpStatusCode.Unauthorized, "auth.invalid-token");
        await (await admin.DeleteAsync($"{Tokens}/{tokenId}")).ShouldBeAsync(HttpStatusCode.NotFound, "token.not-found");
    }

    [Fact]
    public async Task An_admin_cannot_issue_a_bad_token_nor_revoke_one_of_another_departement()
    {
        var admin = await api.ClientAsync(ParcoursRoles.Admin);
        var otherAdmin = await api.ClientAsync(ParcoursRoles.Admin, ApiFixture.OtherDep);
        var other = await (await otherAdmin.PostAsync("/api/departements/13/tokens", new { role = "auditor" })).ShouldBeAsync(HttpStatusCode.Created);

        await (await admin.DeleteAsync($"{Tokens}/{other.GetProperty("token").GetProperty("id").GetGuid()}")).ShouldBeAsync(HttpStatusCode.NotFound, "token.not-found");
        var bad = await (await admin.PostAsync(Tokens, new { role = "superviseur" })).ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
        bad.GetProperty("errors")[0].GetProperty("code").GetString().ShouldBe("value.unknown");
        await (await admin.PostAsync(Tokens, new { role = "auditor", territories = new[] { "NORD" } })).ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
        await (await admin.PostAsync(Tokens, new { name = "sans rôle" })).ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
    }

    [Fact]
    public async Task A_departement_unknown_to_the_server_is_404()
    {
        var auditor = await api.ClientAsync(ParcoursRoles.Auditor, "974");

        await (await auditor.GetAsync("/api/departements/974/verification")).ShouldBeAsync(HttpStatusCode.NotFound, "departement.unknown");
    }

    [Fact]
    public async Task The_openapi_document_needs_a_token_and_the_page_rendering_it_is_open()
    {
        await (await api.Server.CreateClient(null).GetAsync("/openapi/v1.json")).ShouldBeAsync(HttpStatusCode.Unauthorized, "auth.required");
        var document = await (await (await api.ClientAsync(ParcoursRoles.InsertionService)).GetAsync("/openapi/v1.json")).ShouldBeAsync(HttpStatusCode.OK);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/departements/{dep}/cases");
        paths.ShouldContain("/api/departements/{dep}/cases/{caseId}/orientations");
        paths.ShouldContain("/api/departements/{dep}/indicators/{month}");
        document.GetProperty("paths").GetProperty("/api/departements/{dep}/cases/{caseId}/orientations").GetProperty("post")
            .GetProperty("summary").GetString().ShouldBe("Décision d'orientation");
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
        document.GetProperty("security")[0].TryGetProperty("bearer", out _).ShouldBeTrue();

        var page = await api.Server.CreateClient(null).GetAsync("/api-docs");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("/openapi/v1.json");
        html.ShouldContain("lang=\"fr\"");
        html.ShouldNotContain("https://");
    }
}

/// <summary>A server configured for the département's identity provider: JWTs are validated and mapped; API tokens still work.</summary>
public sealed class JwtApi : ApiFixture
{
    public const string Issuer = "https://idp.departement31.test/realms/parcours";
    public const string Audience = "parcours-api";

    public SymmetricSecurityKey Key { get; } = new(RandomNumberGenerator.GetBytes(32));

    protected override string[] Args => [$"--Parcours:Auth:Jwt:Authority={Issuer}", $"--Parcours:Auth:Jwt:Audience={Audience}"];

    protected override Action<WebApplicationBuilder> ConfigureBuilder => builder =>
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            // The test plays the identity provider: its signing key is given directly instead of fetched from metadata.
            options.ConfigurationManager = null;
            options.TokenValidationParameters.ValidIssuer = Issuer;
            options.TokenValidationParameters.IssuerSigningKey = Key;
        });

    public string Jwt(string? role, string? dep, string audience = Audience, string name = "c.martin", SymmetricSecurityKey? key = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "u-123", ["preferred_username"] = name };
        if (role is not null) claims["roles"] = new[] { role, "offline_access" };
        if (dep is not null) claims["departement"] = dep;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256),
        });
    }
}

public sealed class JwtTests(JwtApi api) : IClassFixture<JwtApi>
{
    [Fact]
    public async Task A_valid_jwt_is_mapped_to_role_departement_and_actor()
    {
        var manager = api.Server.CreateClient(api.Jwt("manager", "31"));

        var caseId = await manager.CreateCaseAsync();

        var auditor = api.Server.CreateClient(api.Jwt("auditor", "31"));
        (await (await auditor.GetAsync($"{Steps.Case(caseId)}/history")).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("events")[0].GetProperty("recordedBy").GetString().ShouldBe("c.martin");
        await (await (await api.ClientAsync(ParcoursRoles.Manager)).GetAsync(Steps.Case(caseId))).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_jwt_of_another_departement_or_without_a_parcours_role_is_403_and_a_bad_one_401()
    {
        await (await api.Server.CreateClient(api.Jwt("manager", "13")).GetAsync("/api/departements/31/work-queue"))
            .ShouldBeAsync(HttpStatusCode.Forbidden, AccessDenied.WrongDepartement);
        await (await api.Server.CreateClient(api.Jwt("manager", null)).GetAsync("/api/departements/31/work-queue"))
            .ShouldBeAsync(HttpStatusCode.Forbidden, AccessDenied.WrongDepartement);
        await (await api.Server.CreateClient(api.Jwt("chef", "31")).GetAsync("/api/departements/31/work-queue"))
            .ShouldBeAsync(HttpStatusCode.Forbidden, AccessDenied.RoleForbidden);
        await (await api.Server.CreateClient(api.Jwt("manager", "31", audience: "autre-api")).GetAsync("/api/departements/31/work-queue"))
            .ShouldBeAsync(HttpStatusCode.Unauthorized, "auth.invalid-token");
        await (await api.Server.CreateClient(api.Jwt("manager", "31", key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)))).GetAsync("/api/departements/31/work-queue"))
            .ShouldBeAsync(HttpStatusCode.Unauthorized, "auth.invalid-token");
    }
}
