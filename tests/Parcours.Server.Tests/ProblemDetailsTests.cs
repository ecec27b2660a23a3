using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Parcours.Server.Tests;

/// <summary>Errors reach clients as RFC 9457 problem details in French, without exception details.</summary>
public sealed class ProblemDetailsTests
{
    private const string Secret = "détail interne à ne pas divulguer";

    [Fact]
    public async Task An_unknown_route_gives_a_404_problem()
    {
        await using var server = await ServerUnderTest.StartAsync(ServerUnderTest.UnreachableDatabase());

        var response = await server.Client.GetAsync("/pas-de-route-ici");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await HealthTests.Json(response);
        problem.GetProperty("status").GetInt32().ShouldBe(404);
        problem.GetProperty("title").GetString().ShouldBe("Ressource introuvable");
        problem.GetProperty("code").GetString().ShouldBe("route.not-found");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task An_unhandled_exception_gives_a_500_problem_without_its_message_or_stack_trace(string environment)
    {
        await using var server = await ServerUnderTest.StartAsync(
            ServerUnderTest.UnreachableDatabase(),
            app => app.MapGet("/probe/throws", (Func<IResult>)(() => throw new InvalidOperationException(Secret))).AllowAnonymous(),
            $"--environment={environment}");

        var response = await server.Client.GetAsync("/probe/throws");

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain(Secret);
        body.ShouldNotContain("InvalidOperationException");
        body.ShouldNotContain(" at ");
        var problem = await HealthTests.Json(response);
        problem.GetProperty("title").GetString().ShouldBe("Erreur interne du serveur");
        problem.TryGetProperty("traceId", out _).ShouldBeTrue();
    }
}
