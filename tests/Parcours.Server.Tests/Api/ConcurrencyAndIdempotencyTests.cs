using System.Net;
using Parcours.Server.Auth;

namespace Parcours.Server.Tests.Api;

public sealed class ConcurrencyApi : ApiFixture;

/// <summary>Optimistic concurrency through If-Match, and retries made safe by Idempotency-Key.</summary>
public sealed class ConcurrencyAndIdempotencyTests(ConcurrencyApi api) : IClassFixture<ConcurrencyApi>
{
    [Fact]
    public async Task A_stale_if_match_is_412_with_the_current_version_and_records_nothing()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var id = await manager.CreateCaseAsync();
        await (await manager.PostAsync($"{Steps.Case(id)}/diagnostics", Steps.Diagnostic(), ifMatch: "\"1\"")).ShouldBeAsync(HttpStatusCode.OK);

        var stale = await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation(), ifMatch: "\"1\"");

        var problem = await stale.ShouldBeAsync(HttpStatusCode.PreconditionFailed, "case.version-mismatch");
        problem.GetProperty("currentVersion").GetInt64().ShouldBe(2);
        stale.ETag().ShouldBe("\"2\"");
        (await manager.GetAsync(Steps.Case(id))).ETag().ShouldBe("\"2\"");
        await (await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation(), ifMatch: "pas-une-version"))
            .ShouldBeAsync(HttpStatusCode.BadRequest, "if-match.invalid");
    }

    [Fact]
    public async Task Two_managers_recording_on_one_case_at_once_get_one_success_and_one_412_and_nothing_is_lost()
    {
        var first = await api.ClientAsync(ParcoursRoles.Manager, name: "gsb-a");
        var second = await api.ClientAsync(ParcoursRoles.Manager, name: "gsb-b");
        var auditor = await api.ClientAsync(ParcoursRoles.Auditor);
        for (var round = 0; round < 5; round++)
        {
            var id = await first.CreateCaseAsync();
            var start = new TaskCompletionSource();
            var a = Task.Run(async () => { await start.Task; return await first.PostAsync($"{Steps.Case(id)}/diagnostics", Steps.Diagnostic(), ifMatch: "\"1\""); });
            var b = Task.Run(async () => { await start.Task; return await second.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation(), ifMatch: "\"1\""); });
            start.SetResult();
            var responses = await Task.WhenAll(a, b);

            responses.Select(r => (int)r.StatusCode).Order().ToArray().ShouldBe([200, 412], $"round {round}");
            var loser = responses.Single(r => r.StatusCode == HttpStatusCode.PreconditionFailed);
            var current = (await loser.ShouldBeAsync(HttpStatusCode.PreconditionFailed, "case.version-mismatch")).GetProperty("currentVersion").GetInt64();
            current.ShouldBe(2);

            // The loser re-reads and sends again: both steps are kept.
            var retry = loser == responses[0]
                ? await first.PostAsync($"{Steps.Case(id)}/diagnostics", Steps.Diagnostic(), ifMatch: $"\"{current}\"")
                : await second.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation(), ifMatch: $"\"{current}\"");
            await retry.ShouldBeAsync(HttpStatusCode.OK);
            var history = await (await auditor.GetAsync($"{Steps.Case(id)}/history")).ShouldBeAsync(HttpStatusCode.OK);
            history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Order()
                .ShouldBe(["diagnostic-completed", "orientation-decided", "rsa-entered"]);
            history.GetProperty("chainIntact").GetBoolean().ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Without_if_match_two_concurrent_steps_are_both_recorded()
    {
        var first = await api.ClientAsync(ParcoursRoles.Manager);
        var second = await api.ClientAsync(ParcoursRoles.Manager);
        var id = await first.CreateCaseAsync();

        var responses = await Task.WhenAll(
            first.PostAsync($"{Steps.Case(id)}/diagnostics", Steps.Diagnostic()),
            second.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation()));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await first.GetAsync(Steps.Case(id))).ETag().ShouldBe("\"3\"");
    }

    [Fact]
    public async Task A_retried_step_with_the_same_idempotency_key_returns_the_first_answer_and_records_nothing()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var id = await manager.CreateCaseAsync();
        var key = Guid.NewGuid().ToString();

        var firstTime = await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation(), ifMatch: "\"1\"", idempotencyKey: key);
        var firstBody = await (firstTime).Content.ReadAsStringAsync();
        firstTime.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The retry carries the same (now stale) If-Match: the key wins, the answer is the first one.
        var retry = await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation(), ifMatch: "\"1\"", idempotencyKey: key);

        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await retry.Content.ReadAsStringAsync()).ShouldBe(firstBody);
        retry.ETag().ShouldBe("\"2\"");
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        firstTime.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await manager.GetAsync(Steps.Case(id))).ETag().ShouldBe("\"2\"");
    }

    [Fact]
    public async Task A_retried_creation_with_the_same_key_returns_the_same_case_and_creates_no_other()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var key = Guid.NewGuid().ToString();

        var first = await manager.PostAsync(Steps.Cases(), Steps.Entry(territory: "T-idem"), idempotencyKey: key);
        var retry = await manager.PostAsync(Steps.Cases(), Steps.Entry(territory: "T-idem"), idempotencyKey: key);

        var a = await first.ShouldBeAsync(HttpStatusCode.Created);
        var b = await retry.ShouldBeAsync(HttpStatusCode.Created);
        b.GetProperty("caseId").GetGuid().ShouldBe(a.GetProperty("caseId").GetGuid());
        retry.Headers.Location.ShouldBe(first.Headers.Location);
        await using var count = api.Database.DataSource.CreateCommand("SELECT count(*) FROM parcours_read.case_summaries WHERE territory = 'T-idem'");
        ((long)(await count.ExecuteScalarAsync())!).ShouldBe(1);
    }

    [Fact]
    public async Task A_key_used_for_one_case_is_refused_for_another()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var one = await manager.CreateCaseAsync();
        var other = await manager.CreateCaseAsync();
        var key = Guid.NewGuid().ToString();
        await (await manager.PostAsync($"{Steps.Case(one)}/diagnostics", Steps.Diagnostic(), idempotencyKey: key)).ShouldBeAsync(HttpStatusCode.OK);

        var reused = await manager.PostAsync($"{Steps.Case(other)}/diagnostics", Steps.Diagnostic(), idempotencyKey: key);

        await reused.ShouldBeAsync(HttpStatusCode.Conflict, "idempotency-key.reused");
        (await manager.GetAsync(Steps.Case(other))).ETag().ShouldBe("\"1\"");
        await (await manager.PostAsync($"{Steps.Case(other)}/diagnostics", Steps.Diagnostic(), idempotencyKey: new string('k', 201)))
            .ShouldBeAsync(HttpStatusCode.BadRequest, "idempotency-key.invalid");
    }
}
