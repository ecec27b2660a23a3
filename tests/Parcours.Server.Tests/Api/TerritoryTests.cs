using System.Net;
using Parcours.Server.Auth;

namespace Parcours.Server.Tests.Api;

public sealed class TerritoryApi : ApiFixture;

/// <summary>A manager restricted to territories records and reads only the cases of those territories.</summary>
public sealed class TerritoryTests(TerritoryApi api) : IClassFixture<TerritoryApi>
{
    [Fact]
    public async Task A_restricted_manager_works_on_its_territory_only()
    {
        var everywhere = await api.ClientAsync(ParcoursRoles.Manager);
        var north = await api.ClientAsync(ParcoursRoles.Manager, territories: ["NORD"]);
        var southCase = await everywhere.CreateCaseAsync(territory: "SUD");
        var northCase = await north.CreateCaseAsync(territory: "NORD");

        await (await north.PostAsync(Steps.Cases(), Steps.Entry(territory: "SUD"))).ShouldBeAsync(HttpStatusCode.Forbidden, "case.territory-forbidden");
        await (await north.PostAsync(Steps.Cases(), Steps.Entry(territory: null))).ShouldBeAsync(HttpStatusCode.Forbidden, "case.territory-forbidden");
        await (await north.GetAsync(Steps.Case(southCase))).ShouldBeAsync(HttpStatusCode.Forbidden, "case.territory-forbidden");
        await (await north.PostAsync($"{Steps.Case(southCase)}/diagnostics", Steps.Diagnostic())).ShouldBeAsync(HttpStatusCode.Forbidden, "case.territory-forbidden");
        // Nor move its own case elsewhere by correcting the entry.
        await (await north.PostAsync($"{Steps.Case(northCase)}/corrections",
            new { targetVersion = 1, reason = "Changement de territoire", step = Steps.Entry(territory: "SUD") }))
            .ShouldBeAsync(HttpStatusCode.Forbidden, "case.territory-forbidden");
        var stillNorth = await (await everywhere.GetAsync(Steps.Case(northCase))).ShouldBeAsync(HttpStatusCode.OK);
        stillNorth.GetProperty("territory").GetString().ShouldBe("NORD");
        await (await north.GetAsync(Steps.Case(northCase))).ShouldBeAsync(HttpStatusCode.OK);
        await (await everywhere.GetAsync(Steps.Case(northCase))).ShouldBeAsync(HttpStatusCode.OK);

        var queue = await (await north.GetAsync("/api/departements/31/work-queue?days=90")).ShouldBeAsync(HttpStatusCode.OK);
        var items = queue.GetProperty("items").EnumerateArray().ToList();
        items.ShouldNotBeEmpty();
        items.ShouldAllBe(i => i.GetProperty("territory").GetString() == "NORD");
        await (await north.GetAsync("/api/departements/31/work-queue?territory=SUD")).ShouldBeAsync(HttpStatusCode.Forbidden, "case.territory-forbidden");
        var all = await (await everywhere.GetAsync("/api/departements/31/work-queue?days=90")).ShouldBeAsync(HttpStatusCode.OK);
        all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("territory").GetString()).Distinct().Order().ShouldBe(["NORD", "SUD"]);
    }
}
