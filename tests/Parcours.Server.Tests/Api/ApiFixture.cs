using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Server.Auth.ApiTokens;
using Parcours.Testing;

namespace Parcours.Server.Tests.Api;

/// <summary>
/// The real server on its own database (named after the derived fixture), with a fake clock, départements 31 and 13
/// registered, and tokens minted through the same store <c>parcours token create</c> uses.
/// </summary>
public abstract class ApiFixture : IAsyncLifetime
{
    public const string Dep = "31";
    public const string OtherDep = "13";

    /// <summary>"Now" for every test: Monday 16 June 2025, 10:00 in Paris.</summary>
    public static readonly Instant Now = Instant.FromUtc(2025, 6, 16, 8, 0);

    private readonly NamedDatabase _database;

    protected ApiFixture() => _database = new NamedDatabase(GetType().Name);

    public FakeClock Clock { get; } = new(Now);

    public ServerUnderTest Server { get; private set; } = null!;

    public PostgresDatabaseFixture Database => _database;

    public ReadModels Models => (ReadModels)Server.Services.GetService(typeof(ReadModels))!;

    protected virtual Action<WebApplicationBuilder>? ConfigureBuilder => null;

    protected virtual string[] Args => [];

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Server = await ServerUnderTest.StartAsync(_database.ConnectionString, Clock, null, ConfigureBuilder, Args);
        var store = Server.Services.GetRequiredService<EventStore.EventStore>();
        await store.RegisterTenantAsync(TenantId.Parse(Dep), "Haute-Garonne");
        await store.RegisterTenantAsync(TenantId.Parse(OtherDep), "Bouches-du-Rhône");
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await _database.DisposeAsync();
    }

    public async Task<string> TokenAsync(string role, string dep = Dep, string[]? territories = null, string? name = null) =>
        (await Server.Services.GetRequiredService<ApiTokenStore>().CreateAsync(role, TenantId.Parse(dep), territories, name)).Secret;

    public async Task<HttpClient> ClientAsync(string role, string dep = Dep, string[]? territories = null, string? name = null) =>
        Server.CreateClient(await TokenAsync(role, dep, territories, name));

    private sealed class NamedDatabase(string name) : PostgresDatabaseFixture(name);
}

/// <summary>Small HTTP helpers shared by the API tests.</summary>
public static class Http
{
    public static async Task<HttpResponseMessage> PostAsync(
        this HttpClient client, string url, object body, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string json) =>
        await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Asserts the status and, for a problem, its code; returns the body.</summary>
    public static async Task<JsonElement> ShouldBeAsync(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
        if (code is not null)
        {
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            body.GetProperty("code").GetString().ShouldBe(code, text);
            body.GetProperty("type").GetString().ShouldBe("urn:parcours:problem:" + code);
            body.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        }
        return body;
    }

    public static string? ETag(this HttpResponseMessage response) => response.Headers.ETag?.Tag;
}

/// <summary>Request bodies of a plausible pathway, dated before <see cref="ApiFixture.Now"/>.</summary>
public static class Steps
{
    public static object Entry(string? territory = "T1", string knownOn = "2025-05-05", Guid? caseId = null) => new
    {
        caseId,
        applicationDate = "2025-04-28",
        knownOn,
        subjectToRightsAndDuties = true,
        source = "CafFlux",
        territory,
    };

    public static object Orientation(string decidedOn = "2025-05-20", string organisation = "MDS Colomiers") => new
    {
        decidedOn,
        track = "Social",
        organisation,
        referent = "ref-31-0042",
        channel = "Manager",
    };

    public static object Diagnostic(string on = "2025-05-12") => new { on, organisation = "Agence insertion Nord" };

    public static string Cases(string dep = ApiFixture.Dep) => $"/api/departements/{dep}/cases";

    public static string Case(Guid id, string dep = ApiFixture.Dep) => $"{Cases(dep)}/{id}";

    /// <summary>Creates a case as <paramref name="manager"/> and returns its id.</summary>
    public static async Task<Guid> CreateCaseAsync(this HttpClient manager, string? territory = "T1", string knownOn = "2025-05-05", string dep = ApiFixture.Dep)
    {
        var response = await manager.PostAsync(Cases(dep), Entry(territory, knownOn));
        var body = await response.ShouldBeAsync(HttpStatusCode.Created);
        return body.GetProperty("caseId").GetGuid();
    }
}
