using System.Net;
using Parcours.Server.Auth;

namespace Parcours.Server.Tests.Api;

public sealed class CorrectionApi : ApiFixture;

/// <summary>Corrections carry the step in its own endpoint's body; retractions withdraw a step; history keeps both.</summary>
public sealed class CorrectionTests(CorrectionApi api) : IClassFixture<CorrectionApi>
{
    [Fact]
    public async Task A_correction_replaces_the_value_in_the_summary_and_the_history_links_both()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var auditor = await api.ClientAsync(ParcoursRoles.Auditor);
        var id = await manager.CreateCaseAsync();
        await (await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation(organisation: "MDS Mauvaise"))).ShouldBeAsync(HttpStatusCode.OK);

        var correction = await manager.PostAsync($"{Steps.Case(id)}/corrections",
            new { targetVersion = 2, reason = "Erreur de saisie de l'organisme", step = Steps.Orientation(organisation: "MDS Colomiers") }, ifMatch: "\"2\"");

        (await correction.ShouldBeAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64().ShouldBe(3);
        var summary = await (await manager.GetAsync(Steps.Case(id))).ShouldBeAsync(HttpStatusCode.OK);
        summary.GetProperty("organisation").GetString().ShouldBe("MDS Colomiers");
        var events = (await (await auditor.GetAsync($"{Steps.Case(id)}/history")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("events");
        events[1].GetProperty("status").GetString().ShouldBe("corrected");
        events[1].GetProperty("correctedBy").EnumerateArray().Select(v => v.GetInt64()).ShouldBe([3L]);
        events[1].GetProperty("data").GetProperty("organisation").GetString().ShouldBe("MDS Mauvaise");
        events[2].GetProperty("status").GetString().ShouldBe("correction");
        events[2].GetProperty("targets").GetInt64().ShouldBe(2);
        events[2].GetProperty("data").GetProperty("replacement").GetProperty("organisation").GetString().ShouldBe("MDS Colomiers");
    }

    [Fact]
    public async Task A_correction_names_its_problems_target_body_and_rules()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var id = await manager.CreateCaseAsync();
        await (await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation())).ShouldBeAsync(HttpStatusCode.OK);
        var url = $"{Steps.Case(id)}/corrections";

        await (await manager.PostAsync(url, new { targetVersion = 9, reason = "x", step = Steps.Orientation() }))
            .ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "correction.target-unknown");
        var noStep = await (await manager.PostAsync(url, new { targetVersion = 2, reason = "x" })).ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
        noStep.GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("step");
        var badDate = await (await manager.PostAsync(url, new { targetVersion = 2, reason = "x", step = Steps.Orientation(decidedOn: "20/05/2025") }))
            .ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
        badDate.GetProperty("errors")[0].GetProperty("code").GetString().ShouldBe("date.invalid");
        await (await manager.PostAsync(url, new { targetVersion = 2, reason = " ", step = Steps.Orientation(organisation: "Autre") }))
            .ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "reason.required");
        // Moving the entry after the orientation would break the orientation: refused, naming the rule it would break.
        var inconsistent = await (await manager.PostAsync(url, new { targetVersion = 1, reason = "Date", step = Steps.Entry(knownOn: "2025-05-25") }))
            .ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "correction.inconsistent");
        inconsistent.GetProperty("cause").GetString().ShouldBe("date.before-entry");
    }

    [Fact]
    public async Task A_retraction_withdraws_a_step_unless_later_steps_depend_on_it()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var id = await manager.CreateCaseAsync();
        await (await manager.PostAsync($"{Steps.Case(id)}/orientations", Steps.Orientation())).ShouldBeAsync(HttpStatusCode.OK);
        await (await manager.PostAsync($"{Steps.Case(id)}/contracts", new { kind = "Cer", signedOn = "2025-05-28", organisation = "MDS Colomiers" })).ShouldBeAsync(HttpStatusCode.OK);

        var dependent = await manager.PostAsync($"{Steps.Case(id)}/retractions", new { targetVersion = 2, reason = "Saisie en double" });
        (await dependent.ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "retraction.inconsistent")).GetProperty("cause").GetString().ShouldBe("orientation.required");

        await (await manager.PostAsync($"{Steps.Case(id)}/retractions", new { targetVersion = 3, reason = "Contrat saisi sur le mauvais dossier" })).ShouldBeAsync(HttpStatusCode.OK);
        var summary = await (await manager.GetAsync(Steps.Case(id))).ShouldBeAsync(HttpStatusCode.OK);
        summary.GetProperty("firstContractSignedOn").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        await (await manager.PostAsync($"{Steps.Case(id)}/retractions", new { targetVersion = 3, reason = "encore" }))
            .ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "retraction.target-retracted");
        await (await manager.PostAsync($"{Steps.Case(id)}/retractions", new { reason = "sans cible" }))
            .ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
    }
}
