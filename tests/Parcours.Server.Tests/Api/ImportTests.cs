using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NodaTime;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Importers.Cnaf.Flux;
using Parcours.Server.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Parcours.Server.Tests.Api;

public sealed class ImportApi : ApiFixture;

/// <summary>POST /imports/cnaf: the CLI's importer behind the insertion service's token; GET /imports: its kept reports.</summary>
public sealed class ImportTests(ImportApi api) : IClassFixture<ImportApi>
{
    private static readonly LocalDate May = new(2025, 5, 20);
    private static string Imports(string dep = ApiFixture.Dep) => $"/api/departements/{dep}/imports";

    [Fact]
    public async Task An_uploaded_flux_enters_its_people_keeps_its_report_and_changes_nothing_when_sent_again()
    {
        var service = await api.ClientAsync(ParcoursRoles.InsertionService, name: "service-rsa");
        var file = Flux(May, Household("4100001", RightState.OpenPayable, Person("ÉPÉE", "Zoé", "DEM", "2840731555101")),
            Household("4100002", RightState.OpenPayable, Person("FICTIF", "Noël", "DEM", "1790531555102"), Person("FICTIF", "Lætitia", "CJT", "2810331555103")),
            Household("4100003", RightState.Pending, Person("ATTENTE", "Yves", "DEM", "1900131555104")));

        var created = await Upload(service, file, "flux-2025-05.xml");
        var report = await created.ShouldBeAsync(HttpStatusCode.Created);
        report.GetProperty("outcome").GetString().ShouldBe("applied");
        report.GetProperty("fileName").GetString().ShouldBe("flux-2025-05.xml");
        report.GetProperty("events").GetInt64().ShouldBe(3);
        report.GetProperty("importedBy").GetString().ShouldBe("service-rsa");
        report.GetProperty("referenceDate").GetString().ShouldBe("2025-05-20");
        var id = report.GetProperty("id").GetInt64();
        created.Headers.Location!.ToString().ShouldBe($"{Imports()}/{id}");

        // The people are in the identity store (never in the events) and their cases exist.
        var identities = api.Server.Services.GetRequiredService<IIdentityStore>();
        var found = await identities.FindByCafAsync(ApiFixture.Dep, [new CafPersonKey("4100001", "DEM"), new CafPersonKey("4100002", "CJT"), new CafPersonKey("4100003", "DEM")]);
        found.Count.ShouldBe(2);
        var stream = await api.Server.Services.GetRequiredService<EventStore.EventStore>()
            .ReadStreamAsync(TenantId.Parse(ApiFixture.Dep), new StreamId(found[new CafPersonKey("4100001", "DEM")].Value));
        stream.Single().Data.ShouldBeOfType<RsaEntered>().KnownOn.ShouldBe(May);

        var kept = await (await service.GetAsync($"{Imports()}/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        kept.GetProperty("outcome").GetString().ShouldBe("applied");
        kept.GetProperty("events").GetInt64().ShouldBe(3);
        kept.GetProperty("sha256").GetString().ShouldBe(report.GetProperty("sha256").GetString());
        var listed = await (await service.GetAsync(Imports())).ShouldBeAsync(HttpStatusCode.OK);
        listed.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ShouldContain(id);
        var elsewhere = await (await (await api.ClientAsync(ParcoursRoles.InsertionService, ApiFixture.OtherDep)).GetAsync(Imports(ApiFixture.OtherDep))).ShouldBeAsync(HttpStatusCode.OK);
        elsewhere.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ShouldNotContain(id);

        var again = await (await Upload(service, file, "le-meme-renomme.xml")).ShouldBeAsync(HttpStatusCode.OK);
        again.GetProperty("outcome").GetString().ShouldBe("already-imported");
        again.GetProperty("events").GetInt64().ShouldBe(0);
        again.GetProperty("message").GetString()!.ShouldContain("déjà été importé");
    }

    [Fact]
    public async Task A_flux_with_a_wrong_trailer_count_is_refused_whole_with_a_kept_report()
    {
        var service = await api.ClientAsync(ParcoursRoles.InsertionService);
        // Dated after every other test's flux (they share the database): refused for its trailer, not for its date.
        var text = Encoding.Latin1.GetString(Flux(new LocalDate(2026, 1, 20), Household("4200001", RightState.OpenPayable, Person("REFUS", "Anaïs", "DEM", "2850231555201"))));
        var wrongCount = System.Text.RegularExpressions.Regex.Replace(text, "<NBTOTDOSRSATRANSM>1</NBTOTDOSRSATRANSM>", "<NBTOTDOSRSATRANSM>7</NBTOTDOSRSATRANSM>");
        wrongCount.ShouldNotBe(text);

        var problem = await (await Upload(service, Encoding.Latin1.GetBytes(wrongCount), "flux-faux.xml")).ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "import.flux-invalid");
        problem.GetProperty("rejected").GetInt32().ShouldBeGreaterThan(0);
        problem.GetProperty("rejections")[0].GetProperty("code").GetString().ShouldBe("flux.file");
        var kept = await (await service.GetAsync(problem.GetProperty("report").GetString())).ShouldBeAsync(HttpStatusCode.OK);
        kept.GetProperty("outcome").GetString().ShouldBe("refused");
        kept.GetProperty("rejections").GetArrayLength().ShouldBe(problem.GetProperty("rejected").GetInt32());

        var identities = api.Server.Services.GetRequiredService<IIdentityStore>();
        (await identities.FindByCafAsync(ApiFixture.Dep, [new CafPersonKey("4200001", "DEM")])).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_flux_older_than_the_latest_imported_is_refused_as_a_conflict()
    {
        const string gers = "32"; // a département of its own: the other tests' flux dates do not interfere
        await api.Server.Services.GetRequiredService<EventStore.EventStore>().RegisterTenantAsync(TenantId.Parse(gers), "Gers");
        var service = await api.ClientAsync(ParcoursRoles.InsertionService, gers);
        await (await Upload(service, Flux(May, Household("4300001", RightState.OpenPayable, Person("RÉCENT", "Éloi", "DEM", "1870431555301"))), "flux-2025-05.xml", gers))
            .ShouldBeAsync(HttpStatusCode.Created);

        var problem = await (await Upload(service, Flux(May.PlusMonths(-1), Household("4300002", RightState.OpenPayable, Person("ANCIEN", "Inès", "DEM", "2870431555302"))), "flux-2025-04.xml", gers))
            .ShouldBeAsync(HttpStatusCode.Conflict, "import.flux-older");
        problem.GetProperty("detail").GetString()!.ShouldContain("antérieur au dernier flux importé");
    }

    [Fact]
    public async Task A_flux_far_larger_than_the_api_body_limit_is_accepted()
    {
        const string herault = "34";
        await api.Server.Services.GetRequiredService<EventStore.EventStore>().RegisterTenantAsync(TenantId.Parse(herault), "Hérault");
        var service = await api.ClientAsync(ParcoursRoles.InsertionService, herault);
        var file = Flux(May, [.. Enumerable.Range(0, 300).Select(i =>
            Household($"{4400000 + i}", RightState.OpenPayable, Person("VOLUMINEUX", "Sacha", "DEM", $"1880631{500 + i:000}{i % 1000:000}")))]);
        file.Length.ShouldBeGreaterThan(4 * (int)ApiSetup.MaxBodyBytes);

        var report = await (await Upload(service, file, "gros-flux.xml", herault)).ShouldBeAsync(HttpStatusCode.Created);
        report.GetProperty("events").GetInt64().ShouldBe(300);
    }

    [Fact]
    public async Task Bodies_that_are_not_a_flux_file_get_their_own_problems()
    {
        var service = await api.ClientAsync(ParcoursRoles.InsertionService);
        await (await service.PostAsync($"{Imports()}/cnaf", new StringContent("{}", Encoding.UTF8, "application/json")))
            .ShouldBeAsync(HttpStatusCode.UnsupportedMediaType, "import.media-type");
        await (await Upload(service, [], "vide.xml")).ShouldBeAsync(HttpStatusCode.BadRequest, "import.empty");
        var garbage = await (await Upload(service, Encoding.ASCII.GetBytes("<Racine><Tronque"), "tronque.xml"))
            .ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "import.flux-invalid");
        garbage.GetProperty("rejections")[0].GetProperty("position").GetString()!.ShouldStartWith("ligne ");
        await (await service.GetAsync($"{Imports()}/999999")).ShouldBeAsync(HttpStatusCode.NotFound, "import.not-found");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_upload_body()
    {
        var client = await api.ClientAsync(ParcoursRoles.InsertionService);
        var document = await (await client.GetAsync("/openapi/v1.json")).ShouldBeAsync(HttpStatusCode.OK);
        var body = document.GetProperty("paths").GetProperty("/api/departements/{dep}/imports/cnaf").GetProperty("post").GetProperty("requestBody");
        body.GetProperty("content").GetProperty("application/xml").GetProperty("schema").GetProperty("format").GetString().ShouldBe("binary");
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, byte[] file, string name, string dep = ApiFixture.Dep)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        return client.PostAsync($"{Imports(dep)}/cnaf?nom={Uri.EscapeDataString(name)}", content);
    }

    private static FluxPerson Person(string last, string first, string role, string nirBody) =>
        new(last, first, new LocalDate(1984, 7, 2), Parcours.Simulation.Identities.Nir.FromBody(nirBody).Value, nirBody[..1], role, true);

    private static FluxHousehold Household(string matricule, RightState state, params FluxPerson[] people) =>
        new(0, 0, "CAF", matricule, "31", new LocalDate(2025, 4, 28), "0000000001", state, null, null, "31555", null, people);

    private static byte[] Flux(LocalDate reference, params FluxHousehold[] households)
    {
        using var stream = new MemoryStream();
        using (var writer = new FluxWriter(stream, new FluxHeader("M", "A", reference + new LocalTime(6, 0), reference), "31"))
        {
            foreach (var household in households) writer.Write(household);
        }
        return stream.ToArray();
    }
}
