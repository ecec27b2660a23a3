using System.Net;
using NodaTime;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Server.Auth;

namespace Parcours.Server.Tests.Api;

public sealed class ClosingApi : ApiFixture;

/// <summary>Closing a month through the API, and the revisions a late recording causes afterwards.</summary>
public sealed class ClosingTests(ClosingApi api) : IClassFixture<ClosingApi>
{
    private const string Closings = "/api/departements/31/closings";

    [Fact]
    public async Task An_admin_closes_May_once_and_a_late_orientation_then_shows_as_a_revision_naming_its_case_and_event()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager, name: "gsb.retard");
        var admin = await api.ClientAsync(ParcoursRoles.Admin, name: "admin.cloture");
        var analyst = await api.ClientAsync(ParcoursRoles.InsertionService);
        var late = await manager.CreateCaseAsync();
        await manager.CreateCaseAsync();

        var closed = await (await admin.PostAsync($"{Closings}/2025-05", new { })).ShouldBeAsync(HttpStatusCode.Created);
        closed.GetProperty("closedBy").GetString().ShouldBe("admin.cloture");
        var hash = closed.GetProperty("contentHash").GetString();
        hash.ShouldNotBeNullOrWhiteSpace();
        await (await admin.PostAsync($"{Closings}/2025-05", new { })).ShouldBeAsync(HttpStatusCode.Conflict, "closing.month-already-closed");
        await (await admin.PostAsync($"{Closings}/2025-06", new { })).ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "closing.month-not-over");
        await (await admin.PostAsync($"{Closings}/2025-13", new { })).ShouldBeAsync(HttpStatusCode.BadRequest, "month.invalid");
        (await (await analyst.GetAsync(Closings)).ShouldBeAsync(HttpStatusCode.OK)).EnumerateArray().ShouldHaveSingleItem()
            .GetProperty("contentHash").GetString().ShouldBe(hash);
        (await (await analyst.GetAsync($"{Closings}/2025-05/revisions")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("figures").GetArrayLength().ShouldBe(0);

        // Recorded after the closing, dated in May: the orientation delay figure of May moves.
        api.Clock.Advance(Duration.FromHours(2));
        await (await manager.PostAsync($"{Steps.Case(late)}/orientations", Steps.Orientation())).ShouldBeAsync(HttpStatusCode.OK);

        var revisions = await (await analyst.GetAsync($"{Closings}/2025-05/revisions")).ShouldBeAsync(HttpStatusCode.OK);
        revisions.GetProperty("contentHashIntact").GetBoolean().ShouldBeTrue();
        var row2 = revisions.GetProperty("figures").EnumerateArray()
            .Single(f => f.GetProperty("definitionId").GetString() == CalpaeRow2OrientationDelay.Id && f.GetProperty("breakdown").ValueKind == System.Text.Json.JsonValueKind.Null);
        row2.GetProperty("published").GetProperty("numerator").GetInt32().ShouldBe(0);
        row2.GetProperty("current").GetProperty("numerator").GetInt32().ShouldBe(1);
        var changed = row2.GetProperty("cases").EnumerateArray().ShouldHaveSingleItem();
        changed.GetProperty("caseId").GetGuid().ShouldBe(late);
        var cause = changed.GetProperty("events").EnumerateArray().ShouldHaveSingleItem();
        (cause.GetProperty("type").GetString(), cause.GetProperty("recordedBy").GetString()).ShouldBe(("orientation-decided", "gsb.retard"));
        await (await analyst.GetAsync($"{Closings}/2025-04/revisions")).ShouldBeAsync(HttpStatusCode.NotFound, "closing.month-not-closed");
    }
}
