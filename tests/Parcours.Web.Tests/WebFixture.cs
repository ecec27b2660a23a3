using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using NodaTime;
using NodaTime.Testing;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Server.Auth.ApiTokens;
using Parcours.Testing;

namespace Parcours.Web.Tests;

/// <summary>
/// One real server for the whole browser test run: Kestrel on a loopback port, its own PostgreSQL database, a fixed
/// clock, département 31 registered; and one headless Debian Chromium driven by Playwright. Chromium missing is a
/// failure with the way to install it, never a skip.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public const string Dep = "31";

    /// <summary>"Now" for every test: Monday 16 June 2025, 10:00 in Paris.</summary>
    public static readonly Instant Now = Instant.FromUtc(2025, 6, 16, 8, 0);

    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly Database _database = new();
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public FakeClock Clock { get; } = new(Now);

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public ReadModels Models => Services.GetRequiredService<ReadModels>();

    /// <summary>Where screenshots go: bin/…/screenshots (docs/screenshots holds a copy for the user guide).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = FindChromium() ?? throw new InvalidOperationException(
            "Chromium est introuvable (/usr/bin/chromium) : les tests du navigateur ne peuvent pas tourner. " +
            "Installez-le avec « apt-get update && apt-get install -y chromium » (ops/test le fait quand il manque).");
        await _database.InitializeAsync();
        _app = Server.ParcoursServer.Build([], new Server.ParcoursServerOptions
        {
            ConnectionString = _database.ConnectionString,
            Clock = Clock,
            Urls = "http://127.0.0.1:0",
            IdentityMasterKey = Parcours.Application.Identity.MasterKey.Generate(),
            ConfigureBuilder = builder => builder.Logging.ClearProviders(),
        });
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        await Services.GetRequiredService<EventStore.EventStore>().RegisterTenantAsync(TenantId.Parse(Dep), "Haute-Garonne");

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    private static string? FindChromium()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, "chromium");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>A new API token, minted by the same store as <c>parcours token create</c>.</summary>
    public async Task<string> TokenAsync(string role, string[]? territories = null, string? name = null) =>
        (await Services.GetRequiredService<ApiTokenStore>().CreateAsync(role, TenantId.Parse(Dep), territories, name)).Secret;

    /// <summary>A browser page (own cookies) signed in with <paramref name="token"/> through the sign-in page.</summary>
    public async Task<IPage> SignedInPageAsync(string token)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            AcceptDownloads = true,
            BypassCSP = true, // only so that the test can inject axe-core; the pages themselves need no inline script
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        Patient(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Jeton d'accès").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/connexion", StringComparison.Ordinal));
        return page;
    }

    /// <summary>An anonymous browser page.</summary>
    public async Task<IPage> AnonymousPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, BypassCSP = true });
        Patient(context);
        return await context.NewPageAsync();
    }

    /// <summary>The machine is shared (2 cores, other builds): waits get 90 s rather than Playwright's 30 s.</summary>
    private static void Patient(IBrowserContext context)
    {
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
    }

    /// <summary>Saves a person's identity for a case, as an import does (encrypted, with its blind indexes).</summary>
    public async Task SaveIdentityAsync(Guid caseId, Parcours.Application.Identity.PersonIdentity identity)
    {
        var store = Services.GetRequiredService<Parcours.Application.Identity.IIdentityStore>();
        await using var connection = await Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await store.SaveAsync(connection, transaction, Dep, [(new Parcours.Domain.Pathways.CaseId(caseId), identity)]);
        await transaction.CommitAsync();
    }

    /// <summary>An HTTP client of the API with a bearer token, to prepare data the way an import or another user would.</summary>
    public HttpClient Api(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private sealed class Database() : PostgresDatabaseFixture("web_ui");
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}

/// <summary>The API calls the tests use to set up cases.</summary>
public static class Api
{
    public static string Cases => $"/api/departements/{WebFixture.Dep}/cases";

    public static async Task<JsonElement> PostAsync(this HttpClient client, string url, object body, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var response = await client.PostAsync(url, new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeInRange(200, 201, text);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Creates a case that entered the RSA (known on <paramref name="knownOn"/>), returns its id.</summary>
    public static async Task<Guid> CreateCaseAsync(this HttpClient manager, string knownOn, string territory = "T1", string? applicationDate = null)
    {
        var body = await manager.PostAsync(Cases, new
        {
            applicationDate = applicationDate ?? knownOn,
            knownOn,
            subjectToRightsAndDuties = true,
            source = "CafFlux",
            territory,
        });
        return body.GetProperty("caseId").GetGuid();
    }

    public static Task<JsonElement> OrientAsync(this HttpClient manager, Guid caseId, string decidedOn, string organisation) =>
        manager.PostAsync($"{Cases}/{caseId}/orientations", new { decidedOn, track = "Social", organisation, channel = "Manager" });
}
