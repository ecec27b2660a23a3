using System.Net;
using Parcours.Server.Auth;

namespace Parcours.Server.Tests.Api;

public sealed class RecordingApi : ApiFixture;

/// <summary>Creating a case and recording each step through the decider: answers, versions, rules, bad input.</summary>
public sealed class RecordingTests(RecordingApi api) : IClassFixture<RecordingApi>
{
    [Fact]
    public async Task Creating_a_case_answers_201_with_its_location_version_and_etag_and_the_summary_follows()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager, name: "gsb-31-001");

        var response = await manager.PostAsync(Steps.Cases(), Steps.Entry());

        var body = await response.ShouldBeAsync(HttpStatusCode.Created);
        var caseId = body.GetProperty("caseId").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/departements/31/cases/{caseId}");
        response.ETag().ShouldBe("\"1\"");
        body.GetProperty("version").GetInt64().ShouldBe(1);
        body.GetProperty("recordedVersions").EnumerateArray().Select(v => v.GetInt64()).ShouldBe([1L]);

        var summary = await manager.GetAsync(Steps.Case(caseId));
        var view = await summary.ShouldBeAsync(HttpStatusCode.OK);
        summary.ETag().ShouldBe("\"1\"");
        view.GetProperty("caseId").GetString().ShouldBe(caseId.ToString());
        view.GetProperty("phase").GetString().ShouldBe("AwaitingOrientation");
        view.GetProperty("entryDate").GetString().ShouldBe("2025-05-05");
        view.GetProperty("territory").GetString().ShouldBe("T1");
        view.GetProperty("awaited").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Every_step_of_a_pathway_is_recorded_in_turn_and_the_actor_is_the_token_name()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager, name: "gsb-31-002");
        var auditor = await api.ClientAsync(ParcoursRoles.Auditor);
        var id = await manager.CreateCaseAsync();
        var appointment = Guid.NewGuid();
        (string Route, object Body)[] steps =
        [
            ("diagnostics", Steps.Diagnostic()),
            ("orientations", Steps.Orientation()),
            ("orientation-notifications", new { on = "2025-05-22" }),
            ("appointments", new { appointmentId = appointment, kind = "Accompaniment", fixedOn = "2025-05-26", scheduledFor = "2025-06-02", organisation = "MDS Colomiers" }),
            ("appointment-outcomes", new { appointmentId = appointment, on = "2025-06-02", outcome = "Held" }),
            ("contracts", new { kind = "EngagementContract", signedOn = "2025-06-03", organisation = "MDS Colomiers" }),
            ("reorientations", new { decidedOn = "2025-06-05", track = "Professional", organisation = "France Travail Blagnac", channel = "Manager", reason = "Projet d'emploi" }),
            ("rights-and-duties", new { on = "2025-06-06", subjectToRightsAndDuties = false }),
            ("suspensions", new { on = "2025-06-07", reason = "Ressources" }),
            ("resumptions", new { on = "2025-06-09" }),
            ("accompaniment-exits", new { on = "2025-06-10", reason = "Emploi durable", positive = true }),
            ("rsa-exits", new { on = "2025-06-11", cafClosureReason = "5" }),
            ("reentries", new { applicationDate = "2025-06-12", knownOn = "2025-06-13", subjectToRightsAndDuties = true, territory = "T1", ground = "AfterClosure" }),
        ];

        var version = 1L;
        foreach (var (route, body) in steps)
        {
            var response = await manager.PostAsync($"{Steps.Case(id)}/{route}", body, ifMatch: $"\"{version}\"");
            var answer = await response.ShouldBeAsync(HttpStatusCode.OK);
            version++;
            answer.GetProperty("version").GetInt64().ShouldBe(version, route);
            response.ETag().ShouldBe($"\"{version}\"");
        }

        var summary = await (await manager.GetAsync(Steps.Case(id))).ShouldBeAsync(HttpStatusCode.OK);
        summary.GetProperty("episode").GetInt32().ShouldBe(2);
        summary.GetProperty("phase").GetString().ShouldBe("AwaitingOrientation");
        var history = await (await auditor.GetAsync($"{Steps.Case(id)}/history")).ShouldBeAsync(HttpStatusCode.OK);
        var events = history.GetProperty("events").EnumerateArray().ToList();
        events.Count.ShouldBe(steps.Length + 1);
        events.ShouldAllBe(e => e.GetProperty("recordedBy").GetString() == "gsb-31-002");
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(
        [
            "rsa-entered", "diagnostic-completed", "orientation-decided", "orientation-notified", "appointment-fixed",
            "appointment-outcome-recorded", "contract-signed", "reorientation-decided", "rights-and-duties-changed", "right-suspended",
            "right-resumed", "accompaniment-exited", "rsa-exited", "rsa-reentered",
        ]);
    }

    [Fact]
    public async Task A_step_repeated_exactly_records_nothing_and_answers_200_with_no_version()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var id = await manager.CreateCaseAsync();
        await (await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation())).ShouldBeAsync(HttpStatusCode.OK);

        var again = await (await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation())).ShouldBeAsync(HttpStatusCode.OK);

        again.GetProperty("version").GetInt64().ShouldBe(2);
        again.GetProperty("recordedVersions").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_step_out_of_order_is_422_naming_the_domain_rule()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var id = await manager.CreateCaseAsync();

        var contract = await manager.PostAsync($"{Steps.Case(id)}/contracts", new { kind = "Cer", signedOn = "2025-05-20", organisation = "MDS" });
        var problem = await contract.ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "orientation.required");
        problem.GetProperty("rule").GetString().ShouldBe("orientation.required");
        problem.GetProperty("title").GetString().ShouldBe("Requête non traitable");

        var early = await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation(decidedOn: "2025-05-01"));
        (await early.ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "date.before-entry")).GetProperty("detail").GetString()!.ShouldContain("05/05/2025");

        var second = await manager.PostAsync(Steps.Cases(), Steps.Entry(knownOn: "2025-05-06", caseId: id));
        await second.ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "entry.already-entered");
    }

    [Fact]
    public async Task A_future_date_is_422_date_future()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var id = await manager.CreateCaseAsync();

        var response = await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation(decidedOn: "2025-06-17"));

        (await response.ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "date.future")).GetProperty("detail").GetString()!.ShouldContain("16/06/2025");
    }

    [Fact]
    public async Task Invalid_dates_unknown_values_and_missing_fields_are_one_400_listing_each_field()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var id = await manager.CreateCaseAsync();

        var response = await manager.PostAsync($"{Steps.Case(id)}/orientations",
            new { decidedOn = "2025-02-30", track = "Aventure", organisation = "MDS" });

        var problem = await response.ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("field").GetString(), e.GetProperty("code").GetString())).ToList();
        errors.ShouldBe([("decidedOn", "date.invalid"), ("track", "value.unknown"), ("channel", "field.required")]);
        problem.GetProperty("errors")[1].GetProperty("message").GetString()!.ShouldContain("SocioProfessional");
        var numeric = await manager.PostAsync($"{Steps.Case(id)}/orientations",
            new { decidedOn = "2025-05-20", track = "1", organisation = "MDS", channel = "Manager" });
        await numeric.ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
    }

    [Fact]
    public async Task A_blank_organisation_is_refused_by_the_domain_rule()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var id = await manager.CreateCaseAsync();

        var response = await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation(organisation: "  "));

        await response.ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "organisation.required");
    }

    [Fact]
    public async Task Unreadable_bodies_are_400_without_parser_details_and_oversized_ones_413()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var id = await manager.CreateCaseAsync();

        var broken = await manager.PostRawAsync($"{Steps.Case(id)}/diagnostics", "{\"on\": ");
        var text = await broken.Content.ReadAsStringAsync();
        await broken.ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-json");
        text.ShouldNotContain("System.Text.Json");
        text.ShouldNotContain(" at ");

        var wrongType = await manager.PostRawAsync($"{Steps.Case(id)}/rights-and-duties", "{\"on\": \"2025-05-10\", \"subjectToRightsAndDuties\": \"oui\"}");
        (await wrongType.ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-json")).GetProperty("field").GetString().ShouldBe("subjectToRightsAndDuties");

        var empty = await manager.PostAsync($"{Steps.Case(id)}/diagnostics", new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        await empty.ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid");

        var text415 = await manager.PostAsync($"{Steps.Case(id)}/diagnostics", new StringContent("on=2025-05-12", System.Text.Encoding.UTF8, "text/plain"));
        await text415.ShouldBeAsync(HttpStatusCode.UnsupportedMediaType, "request.unsupported-media-type");

        var huge = await manager.PostAsync($"{Steps.Case(id)}/diagnostics", new { on = "2025-05-12", organisation = new string('x', 70_000) });
        await huge.ShouldBeAsync(HttpStatusCode.RequestEntityTooLarge, "request.too-large");

        var history = await (await (await api.ClientAsync(ParcoursRoles.Auditor)).GetAsync($"{Steps.Case(id)}/history")).ShouldBeAsync(HttpStatusCode.OK);
        history.GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task A_step_on_an_unknown_case_is_404()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);

        var response = await manager.PostAsync($"{Steps.Case(Guid.NewGuid())}/diagnostics", Steps.Diagnostic());

        await response.ShouldBeAsync(HttpStatusCode.NotFound, "case.not-found");
    }

    [Fact]
    public async Task A_case_of_another_departement_does_not_exist_for_a_token_of_this_one()
    {
        var other = await api.ClientAsync(ParcoursRoles.Manager, ApiFixture.OtherDep);
        var id = await other.CreateCaseAsync(dep: ApiFixture.OtherDep);
        var manager = await api.ClientAsync(ParcoursRoles.Manager);

        await (await manager.GetAsync(Steps.Case(id))).ShouldBeAsync(HttpStatusCode.NotFound, "case.not-found");
        await (await manager.PostAsync($"{Steps.Case(id)}/diagnostics", Steps.Diagnostic())).ShouldBeAsync(HttpStatusCode.NotFound, "case.not-found");
        await (await manager.PostAsync(Steps.Cases(), Steps.Entry(caseId: id))).ShouldBeAsync(HttpStatusCode.Conflict, "case.id-taken");
        await (await manager.GetAsync(Steps.Case(id, ApiFixture.OtherDep))).ShouldBeAsync(HttpStatusCode.Forbidden, "auth.wrong-departement");
    }
}
