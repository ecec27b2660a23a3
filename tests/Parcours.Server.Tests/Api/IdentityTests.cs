using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.Server.Auth;

namespace Parcours.Server.Tests.Api;

public sealed class IdentityApi : ApiFixture;

/// <summary>Identities through the API: read only with a reason, every read and erasure in the access log, erasure final.</summary>
public sealed class IdentityTests(IdentityApi api) : IClassFixture<IdentityApi>
{
    [Fact]
    public async Task An_identity_is_read_with_a_reason_logged_for_auditors_and_once_erased_is_gone()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager, name: "gsb.martin");
        var caseId = await manager.CreateCaseAsync();
        var store = api.Server.Services.GetRequiredService<PostgresIdentityStore>();
        await using (var connection = await api.Database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await store.SaveAsync(connection, transaction, ApiFixture.Dep,
                [(new CaseId(caseId), new PersonIdentity("Exemple", "Camille", new LocalDate(1980, 2, 3), "180027512345676", "1234567", "DEM", "1 rue Fictive, 31000 Toulouse"))]);
            await transaction.CommitAsync();
        }
        var url = $"{Steps.Case(caseId)}/identity";

        await (await manager.GetAsync(url)).ShouldBeAsync(HttpStatusCode.BadRequest, "identity.reason-required");
        var identity = await (await manager.GetAsync($"{url}?reason=Appel%20de%20la%20personne")).ShouldBeAsync(HttpStatusCode.OK);
        identity.GetProperty("lastName").GetString().ShouldBe("Exemple");
        identity.GetProperty("nir").GetString().ShouldBe("180027512345676");

        var auditor = await api.ClientAsync(ParcoursRoles.Auditor);
        var log = await (await auditor.GetAsync($"/api/departements/31/access-log?caseId={caseId}")).ShouldBeAsync(HttpStatusCode.OK);
        var read = log.EnumerateArray().ShouldHaveSingleItem();
        (read.GetProperty("actor").GetString(), read.GetProperty("reason").GetString(), read.GetProperty("action").GetString())
            .ShouldBe(("gsb.martin", "Appel de la personne", "Read"));

        var admin = await api.ClientAsync(ParcoursRoles.Admin);
        await (await admin.PostAsync($"{url}/erasure", new { reason = "" })).ShouldBeAsync(HttpStatusCode.BadRequest, "identity.reason-required");
        (await admin.PostAsync($"{url}/erasure", new { reason = "Demande d'effacement (RGPD, art. 17)" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await manager.GetAsync($"{url}?reason=Relance")).ShouldBeAsync(HttpStatusCode.NotFound, "identity.not-found");
        await (await admin.PostAsync($"{url}/erasure", new { reason = "Encore" })).ShouldBeAsync(HttpStatusCode.NotFound, "identity.not-found");

        // The case itself, its events and summary, are untouched by the erasure.
        (await manager.GetAsync(Steps.Case(caseId))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var actions = (await (await auditor.GetAsync($"/api/departements/31/access-log?caseId={caseId}")).ShouldBeAsync(HttpStatusCode.OK))
            .EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        actions.ShouldContain("Erase");
        actions.Count(a => a == "Read").ShouldBe(2); // the read after erasure is logged too, as not found
    }
}
