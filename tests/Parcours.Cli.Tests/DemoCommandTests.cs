using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Parcours.Application.Identity;
using Parcours.Testing;

namespace Parcours.Cli.Tests;

/// <summary><c>parcours demo</c>, the README's main command, end to end on PostgreSQL: load, report, then serve.</summary>
public sealed partial class DemoCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("parcours-demo-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_demo_imports_the_small_departement_reports_it_then_serves_it_with_a_working_token_per_role_until_stopped()
    {
        var connection = await TestPostgres.GetConnectionStringAsync();
        var previousKey = Environment.GetEnvironmentVariable(MasterKeyProvider.Variable);
        Environment.SetEnvironmentVariable(MasterKeyProvider.Variable, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var live = new LiveOutput();
        try
        {
            var run = Task.Run(() => Cli.RunAsync(connection, live, stop.Token, "demo", "--urls", "http://127.0.0.1:0", "--output-dir", folder));
            while (!live.Text.Contains("Ctrl+C"))
            {
                if (run.IsCompleted) Assert.Fail($"The demo ended before serving: {(await run).Error}\n{live.Text}");
                await Task.Delay(200);
            }

            var text = live.Text;
            text.ShouldContain("Chaînes d'empreintes");
            text.ShouldContain("intactes");
            Directory.GetFiles(folder, "indicateurs-31-*.csv").ShouldHaveSingleItem();
            Directory.GetFiles(folder, "indicateurs-31-*.xlsx").ShouldHaveSingleItem();
            var address = PagesLine().Match(text).Groups[1].Value;
            var tokens = Token().Matches(text).Select(m => m.Value).ToList();
            tokens.Count.ShouldBe(4); // manager, insertion service, auditor, admin: the order of the printed table
            using var http = new HttpClient { BaseAddress = new Uri(address) };

            // Each token opens what its role may, and the manager's is refused the indicators: the roles are the printed ones.
            (await GetAsync(http, tokens[0], "/api/departements/31/work-queue?days=14")).ShouldBe(HttpStatusCode.OK);
            (await GetAsync(http, tokens[0], "/api/departements/31/indicators/2025-01?set=calpae-2019")).ShouldBe(HttpStatusCode.Forbidden);
            (await GetAsync(http, tokens[1], "/api/departements/31/indicators/2025-01?set=calpae-2019")).ShouldBe(HttpStatusCode.OK);
            (await GetAsync(http, tokens[2], "/api/departements/31/verification")).ShouldBe(HttpStatusCode.OK);
            (await GetAsync(http, tokens[3], "/api/departements/31/tokens")).ShouldBe(HttpStatusCode.OK);
            (await http.GetAsync("/")).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.Found);

            await stop.CancelAsync();
            (await run).ExitCode.ShouldBe(0);
            await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync("/health/live"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(MasterKeyProvider.Variable, previousKey);
        }
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex(@"Pages web : (http://\S+?)/ ;")]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"pct_[A-Za-z0-9_-]+")]
    private static partial Regex Token();
}
