using System.Net;
using NodaTime;
using Parcours.Application.Reporting.Exports;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.EventStore;
using Parcours.Server.Auth;

namespace Parcours.Server.Tests.Api;

public sealed class IndicatorApi : ApiFixture;

/// <summary>A month's indicators as known now or at an earlier instant, and the pseudonymous cases behind a figure.</summary>
public sealed class IndicatorTests(IndicatorApi api) : IClassFixture<IndicatorApi>
{
    private const string May = "/api/departements/31/indicators/2025-05";

    [Fact]
    public async Task The_month_shows_each_figure_with_its_provisional_marker_then_as_known_at_an_earlier_instant_and_its_cases()
    {
        var manager = await api.ClientAsync(ParcoursRoles.Manager);
        var analyst = await api.ClientAsync(ParcoursRoles.InsertionService);
        // Entered 5 May and oriented 20 May: on time. Entered 5 May, never oriented: missed (window closed 5 June).
        // Entered 30 May: still pending on 16 June (window open until 30 June), so May is provisional.
        var onTime = await manager.CreateCaseAsync();
        var missed = await manager.CreateCaseAsync();
        var pending = await manager.CreateCaseAsync(knownOn: "2025-05-30");
        api.Clock.Advance(Duration.FromHours(1));
        await (await manager.PostAsync($"{Steps.Case(onTime)}/orientations", Steps.Orientation())).ShouldBeAsync(HttpStatusCode.OK);
        (await api.Models.Daemon.CatchUpOrWaitAsync(TenantId.Parse(ApiFixture.Dep), TimeSpan.FromSeconds(30))).ShouldBeTrue();

        var table = await (await analyst.GetAsync($"{May}?set=calpae-2019")).ShouldBeAsync(HttpStatusCode.OK);
        table.GetProperty("source").GetString().ShouldBe("projection");
        table.GetProperty("provisional").GetBoolean().ShouldBeTrue();
        table.GetProperty("eventsNotYetProjected").GetInt64().ShouldBe(0);
        var rows = table.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("definitionId").GetString()!);
        rows.Keys.ShouldBe(BuiltInIndicators.Calpae2019.Select(d => d.Id), ignoreOrder: true);
        rows[CalpaeRow1NewEntrants.Id].GetProperty("numerator").GetInt32().ShouldBe(3);
        var row2 = rows[CalpaeRow2OrientationDelay.Id];
        (row2.GetProperty("numerator").GetInt32(), row2.GetProperty("denominator").GetInt32(), row2.GetProperty("pending").GetInt32())
            .ShouldBe((1, 3, 1));
        row2.GetProperty("provisional").GetBoolean().ShouldBeTrue();
        row2.GetProperty("casesUrl").GetString().ShouldBe($"{May}/{CalpaeRow2OrientationDelay.Id}/cases");

        // Before the orientation was recorded, a report showed nobody oriented in time.
        var knownAt = ApiFixture.Now.Plus(Duration.FromMinutes(30));
        var earlier = await (await analyst.GetAsync($"{May}?set=calpae-2019&asKnownAt={knownAt}")).ShouldBeAsync(HttpStatusCode.OK);
        earlier.GetProperty("source").GetString().ShouldBe("log");
        var earlierRow2 = earlier.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("definitionId").GetString() == CalpaeRow2OrientationDelay.Id);
        earlierRow2.GetProperty("numerator").GetInt32().ShouldBe(0);
        earlierRow2.GetProperty("denominator").GetInt32().ShouldBe(3);
        var beforeAnything = await (await analyst.GetAsync($"{May}?asKnownAt=2025-06-01")).ShouldBeAsync(HttpStatusCode.OK);
        beforeAnything.GetProperty("rows")[0].GetProperty("numerator").GetInt32().ShouldBe(0);

        var cases = await (await analyst.GetAsync(row2.GetProperty("casesUrl").GetString())).ShouldBeAsync(HttpStatusCode.OK);
        cases.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("caseId").GetGuid()).Order()
            .ShouldBe(new[] { onTime, missed, pending }.Order());
        var met = await (await analyst.GetAsync($"{row2.GetProperty("casesUrl").GetString()}?outcome=Met")).ShouldBeAsync(HttpStatusCode.OK);
        var member = met.GetProperty("cases").EnumerateArray().Single();
        member.GetProperty("caseId").GetGuid().ShouldBe(onTime);
        member.GetProperty("delayDays").GetInt32().ShouldBe(15);
        var text = await (await analyst.GetAsync(row2.GetProperty("casesUrl").GetString())).Content.ReadAsStringAsync();
        text.ShouldNotContain("territory");
        text.ShouldNotContain("organisation");

        // The same figures as files, as parcours report writes them: CSV for a French Excel, XLSX in the CALPAE layout.
        var csv = await analyst.GetAsync($"{May}?set=calpae-2019&format=csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var csvBytes = await csv.Content.ReadAsByteArrayAsync();
        csvBytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var csvLines = System.Text.Encoding.UTF8.GetString(csvBytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csvLines[0].ShouldBe(string.Join(';', IndicatorCsv.Headers));
        var csvRow2 = csvLines.Skip(1).Select(l => l.Split(';')).Single(f => f[5] == CalpaeRow2OrientationDelay.Id);
        (csvRow2[9], csvRow2[10], csvRow2[14], csvRow2[16]).ShouldBe(("1", "3", "1", IndicatorCsv.ProvisionalStatus));

        var xlsx = await analyst.GetAsync($"{May}?set=calpae-2019&format=xlsx");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync())))
        {
            var row = workbook.Worksheets.Single().RowsUsed().Single(r => r.Cell(IndicatorXlsx.DefinitionColumn).GetString().StartsWith(CalpaeRow2OrientationDelay.Id, StringComparison.Ordinal));
            (row.Cell(3).GetValue<int>(), row.Cell(4).GetValue<int>(), row.Cell(10).GetString()).ShouldBe((1, 3, IndicatorXlsx.ProvisionalMarker));
        }

        var plein = await (await analyst.GetAsync($"{May}?set=plein-emploi-2025")).ShouldBeAsync(HttpStatusCode.OK);
        plein.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("definitionId").GetString())
            .ShouldBe(BuiltInIndicators.PleinEmploi2025.Select(d => d.Id));
    }

    [Fact]
    public async Task Bad_parameters_are_refused_with_their_codes()
    {
        var analyst = await api.ClientAsync(ParcoursRoles.InsertionService);

        var problem = await (await analyst.GetAsync("/api/departements/31/indicators/2025-13?set=calpae-2042&format=pdf")).ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString(), e.GetProperty("code").GetString()))
            .ShouldBe([("month", "month.invalid"), ("set", "value.unknown"), ("format", "value.unknown")]);
        await (await analyst.GetAsync($"{May}?asKnownAt=2025-06-17")).ShouldBeAsync(HttpStatusCode.UnprocessableEntity, "date.future");
        await (await analyst.GetAsync($"{May}?asKnownAt=demain")).ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
        await (await analyst.GetAsync($"{May}/inconnu/cases")).ShouldBeAsync(HttpStatusCode.NotFound, "indicator.unknown");
        await (await analyst.GetAsync($"{May}/{CalpaeRow2OrientationDelay.Id}/cases?outcome=Perdu")).ShouldBeAsync(HttpStatusCode.BadRequest, "request.invalid-fields");
    }
}
