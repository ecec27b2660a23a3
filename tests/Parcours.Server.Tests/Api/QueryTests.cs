using System.Net;
using NodaTime;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Server.Auth;

namespace Parcours.Server.Tests.Api;

public sealed class QueryApi : ApiFixture;

/// <summary>History, time travel, verification, work queue: the answers and their refusals.</summary>
public sealed class QueryTests(QueryApi api) : IClassFixture<QueryApi>
{
    [Fact]
    public async Task The_history_shows_each_event_with_dates_actor_and_chain_status_and_a_tampered_event_breaks_it()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager, name: "gsb-histoire");
        var auditor = await api.ClientAsync(ParcoursRoles.Auditor);
        var id = await manager.CreateCaseAsync();
        await (await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation())).ShouldBeAsync(HttpStatusCode.OK);
        await (await manager.PostAsync($"{Steps.Case(id)}/diagnostics", Steps.Diagnostic("2025-05-25"))).ShouldBeAsync(HttpStatusCode.OK);

        var history = await (await auditor.GetAsync($"{Steps.Case(id)}/history")).ShouldBeAsync(HttpStatusCode.OK);
        history.GetProperty("chainIntact").GetBoolean().ShouldBeTrue();
        var first = history.GetProperty("events")[0];
        first.GetProperty("version").GetInt64().ShouldBe(1);
        first.GetProperty("businessDate").GetString().ShouldBe("2025-05-05");
        first.GetProperty("recordedAt").GetString().ShouldBe("2025-06-16T08:00:00Z");
        first.GetProperty("recordedBy").GetString().ShouldBe("gsb-histoire");
        first.GetProperty("status").GetString().ShouldBe("standing");
        first.GetProperty("chain").GetString().ShouldBe("intact");
        first.GetProperty("data").GetProperty("territory").GetString().ShouldBe("T1");

        await using (var tamper = api.Database.DataSource.CreateCommand(
            "UPDATE parcours.events SET data = replace(data::text, 'MDS Colomiers', 'MDS Falsifiée')::json WHERE stream_id = $1 AND version = 2"))
        {
            tamper.Parameters.Add(new() { Value = id });
            (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var after = await (await auditor.GetAsync($"{Steps.Case(id)}/history")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetProperty("chainIntact").GetBoolean().ShouldBeFalse();
        after.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("chain").GetString()).ShouldBe(["intact", "broken", "broken"]);
        var verification = await (await auditor.GetAsync("/api/departements/31/verification")).ShouldBeAsync(HttpStatusCode.OK);
        verification.GetProperty("intact").GetBoolean().ShouldBeFalse();
        var broken = verification.GetProperty("broken").EnumerateArray().Single();
        broken.GetProperty("caseId").GetGuid().ShouldBe(id);
        broken.GetProperty("firstBadVersion").GetInt64().ShouldBe(2);
        broken.GetProperty("kind").GetString().ShouldBe("Altered");
        await (await auditor.GetAsync($"{Steps.Case(Guid.NewGuid())}/history")).ShouldBeAsync(HttpStatusCode.NotFound, "case.not-found");
    }

    [Fact]
    public async Task A_case_is_replayed_to_a_version_an_instant_or_a_business_date()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var auditor = await api.ClientAsync(ParcoursRoles.Auditor);
        var id = await manager.CreateCaseAsync();
        api.Clock.Advance(Duration.FromHours(1));
        await (await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation())).ShouldBeAsync(HttpStatusCode.OK);
        await (await manager.PostAsync($"{Steps.Case(id)}/contracts", new { kind = "Cer", signedOn = "2025-06-10", organisation = "MDS Colomiers" })).ShouldBeAsync(HttpStatusCode.OK);
        var url = $"{Steps.Case(id)}/as-of";

        var atVersion = await (await auditor.GetAsync($"{url}?version=1")).ShouldBeAsync(HttpStatusCode.OK);
        atVersion.GetProperty("phase").GetString().ShouldBe("AwaitingOrientation");
        atVersion.GetProperty("steps").GetArrayLength().ShouldBe(1);
        var before = ApiFixture.Now.Plus(Duration.FromMinutes(30)).ToString();
        var known = await (await auditor.GetAsync($"{url}?recordedAt={before}")).ShouldBeAsync(HttpStatusCode.OK);
        known.GetProperty("phase").GetString().ShouldBe("AwaitingOrientation");
        known.GetProperty("point").GetString().ShouldBe("recordedAt");
        var onDate = await (await auditor.GetAsync($"{url}?on=2025-05-25")).ShouldBeAsync(HttpStatusCode.OK);
        onDate.GetProperty("phase").GetString().ShouldBe("Oriented");
        onDate.GetProperty("episodes")[0].GetProperty("orientations")[0].GetProperty("organisation").GetString().ShouldBe("MDS Colomiers");
        var now = await (await auditor.GetAsync($"{url}?on=2025-06-12")).ShouldBeAsync(HttpStatusCode.OK);
        now.GetProperty("phase").GetString().ShouldBe("InAccompaniment");

        await (await auditor.GetAsync(url)).ShouldBeAsync(HttpStatusCode.BadRequest, "as-of.point-required");
        await (await auditor.GetAsync($"{url}?version=1&on=2025-05-25")).ShouldBeAsync(HttpStatusCode.BadRequest, "as-of.point-required");
        var bad = await (await auditor.GetAsync($"{url}?recordedAt=hier")).ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
        bad.GetProperty("errors")[0].GetProperty("code").GetString().ShouldBe("instant.invalid");
        await (await auditor.GetAsync($"{url}?on=2025-13-01")).ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
        await (await auditor.GetAsync($"{Steps.Case(Guid.NewGuid())}/as-of?version=1")).ShouldBeAsync(HttpStatusCode.NotFound, "case.not-found");
    }

    [Fact]
    public async Task The_work_queue_filters_by_organisation_days_and_definition_and_refuses_bad_filters()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var waiting = await manager.CreateCaseAsync(territory: "WQ", knownOn: "2025-06-02");
        var oriented = await manager.CreateCaseAsync(territory: "WQ", knownOn: "2025-06-02");
        await (await manager.PostAsync($"{Steps.Case(oriented)}/orientations", Steps.Orientation("2025-06-10", "MDS Muret"))).ShouldBeAsync(HttpStatusCode.OK);
        const string queue = "/api/departements/31/work-queue";

        var all = await (await manager.GetAsync($"{queue}?territory=WQ&days=60")).ShouldBeAsync(HttpStatusCode.OK);
        all.GetProperty("today").GetString().ShouldBe("2025-06-16");
        all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()).Distinct().Order().ShouldBe(new[] { waiting, oriented }.Order());
        var muret = await (await manager.GetAsync($"{queue}?territory=WQ&days=60&organisation=MDS%20Muret")).ShouldBeAsync(HttpStatusCode.OK);
        muret.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("caseId").GetGuid() == oriented);
        var row2 = await (await manager.GetAsync($"{queue}?territory=WQ&days=60&definition={CalpaeRow2OrientationDelay.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        var item = row2.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("caseId").GetGuid().ShouldBe(waiting);
        item.GetProperty("lastDayOnTime").GetString().ShouldBe("2025-07-02");
        item.GetProperty("daysLeft").GetInt32().ShouldBe(16);
        var soon = await (await manager.GetAsync($"{queue}?territory=WQ&days=3&definition={CalpaeRow2OrientationDelay.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        soon.GetProperty("items").GetArrayLength().ShouldBe(0);

        var problem = await (await manager.GetAsync($"{queue}?days=-1&definition=inconnu")).ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ShouldBe(["days", "definition"]);
        await (await manager.GetAsync($"{queue}?days=abc")).ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid");
    }
}
