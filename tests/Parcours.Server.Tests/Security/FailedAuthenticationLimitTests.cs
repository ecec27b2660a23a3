using System.Net;
using Microsoft.AspNetCore.Builder;
using Parcours.Server.Auth;
using Parcours.Server.Tests.Api;
using Parcours.Server.Tests.Observability;

namespace Parcours.Server.Tests.Security;

/// <summary>A server allowing 3 failed authentications a minute per client address, with a metrics scrape token.</summary>
public sealed class RateLimitedApi : ApiFixture
{
    public const string MetricsToken = "jeton-de-supervision-de-test";

    protected override Action<WebApplicationBuilder>? ConfigureBuilder => ClientAddress.Install;

    protected override string[] Args => [$"--{FailedAuthenticationLimit.Section}=3", $"--{Features.Metrics.MetricsEndpoint.TokenSetting}={MetricsToken}"];
}

/// <summary>Repeated bad tokens from one address are answered 429 with Retry-After; valid tokens never are.</summary>
public sealed class FailedAuthenticationLimitTests(RateLimitedApi api) : IClassFixture<RateLimitedApi>
{
    private const string Url = "/api/departements/31/work-queue";

    [Fact]
    public async Task After_three_bad_tokens_from_one_address_the_fourth_is_429_while_valid_tokens_and_other_addresses_go_on()
    {
        var valid = (await api.ClientAsync(ParcoursRoles.Manager)).From("127.0.0.2");
        var attacker = api.Server.CreateClient("pct_pas-un-vrai-jeton").From("127.0.0.2");

        // Valid requests take no permit, however many.
        for (var i = 0; i < 10; i++) (await valid.GetAsync(Url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        for (var i = 0; i < 3; i++) await (await attacker.GetAsync(Url)).ShouldBeAsync(HttpStatusCode.Unauthorized, ProblemAuthorizationResultHandler.InvalidToken);

        var limited = await attacker.GetAsync(Url);
        await limited.ShouldBeAsync(HttpStatusCode.TooManyRequests, FailedAuthenticationLimit.Code);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single());
        retryAfter.ShouldBeInRange(1, 60);
        // A JWT-looking or otherwise different bad token from the same address is refused the same way.
        await (await api.Server.CreateClient("eyJ.faux.jwt").From("127.0.0.2").GetAsync(Url)).ShouldBeAsync(HttpStatusCode.TooManyRequests, FailedAuthenticationLimit.Code);

        // The valid token from the same address is unaffected; no token at all is still a plain 401.
        (await valid.GetAsync(Url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await api.Server.CreateClient(null).From("127.0.0.2").GetAsync(Url)).ShouldBeAsync(HttpStatusCode.Unauthorized, ProblemAuthorizationResultHandler.AuthRequired);
        // Another address has its own allowance.
        await (await api.Server.CreateClient("pct_pas-un-vrai-jeton").From("127.0.0.3").GetAsync(Url)).ShouldBeAsync(HttpStatusCode.Unauthorized, ProblemAuthorizationResultHandler.InvalidToken);
    }

    [Fact]
    public async Task Bad_metrics_tokens_count_as_failed_authentications_and_the_right_one_reads_the_metrics()
    {
        var guesser = api.Server.CreateClient("mauvais-jeton-de-supervision").From("192.0.2.44");
        for (var i = 0; i < 3; i++) await (await guesser.GetAsync("/metrics")).ShouldBeAsync(HttpStatusCode.Forbidden, Features.Metrics.MetricsEndpoint.Forbidden);
        await (await guesser.GetAsync("/metrics")).ShouldBeAsync(HttpStatusCode.TooManyRequests, FailedAuthenticationLimit.Code);

        var scraper = api.Server.CreateClient(RateLimitedApi.MetricsToken).From("192.0.2.44");
        var metrics = await scraper.GetAsync("/metrics");
        metrics.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await metrics.Content.ReadAsStringAsync()).ShouldContain("# TYPE");
    }
}
