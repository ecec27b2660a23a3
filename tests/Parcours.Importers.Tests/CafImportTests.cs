using NodaTime;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.Importers.Cnaf.Flux;
using Parcours.Importers.Cnaf.Import;
using Parcours.Importers.Storage;
using Parcours.Importers.Tests.Support;
using static Parcours.Importers.Tests.Support.Flux;

namespace Parcours.Importers.Tests;

public sealed class CafImportTests
{
    private static readonly LocalDate Feb = new(2024, 2, 20), Mar = new(2024, 3, 20), Apr = new(2024, 4, 20);

    [Fact]
    public async Task A_person_subject_to_rights_and_duties_with_a_payable_right_enters_and_their_identity_goes_to_the_identity_store()
    {
        await using var h = await ImportHarness.CreateAsync("caf_entry");
        var report = await h.ImportFluxAsync("janvier.xml", File(January,
            Household("1000001", RightState.OpenPayable, new LocalDate(2023, 12, 5), null, null, Applicant("BRINDŒUF", "Maëlise"), Partner(subject: false)),
            Household("1000002", RightState.Pending),
            Household("1000003", RightState.Closed, closure: new FluxClosure("PCG", new LocalDate(2023, 12, 31)))));

        report.Outcome.ShouldBe(ImportOutcome.Applied);
        report.Counts.OrderBy(c => c.Key).ShouldBe(new Dictionary<string, int>
        {
            [CafChange.Entry.Label()] = 1,
            [CafChange.EntryNotSubject.Label()] = 1,
            [CafChange.Ignored.Label()] = 2,
        }.OrderBy(c => c.Key));
        (await h.EventsOfAsync("1000001")).ShouldBe([new RsaEntered(new LocalDate(2023, 12, 5), January, true, EntrySource.CafFlux, null)]);
        (await h.EventsOfAsync("1000001", "CJT")).ShouldBe([new RsaEntered(new LocalDate(2023, 12, 5), January, false, EntrySource.CafFlux, null)]);
        (await h.CaseOfAsync("1000002")).ShouldBeNull();
        (await h.CaseOfAsync("1000003")).ShouldBeNull();

        var identity = await h.Services.Identities.ReadAsync(ImportHarness.Tenant.Code, (await h.CaseOfAsync("1000001"))!.Value, new IdentityAccess("test", "vérification"));
        identity!.LastName.ShouldBe("BRINDŒUF");
        identity.FirstName.ShouldBe("Maëlise");
        identity.Nir.ShouldBe(NirFor("1000001", "2"));
        // Nothing that identifies a person reaches the log.
        (await h.CountAsync("SELECT count(*) FROM parcours.events WHERE data::text LIKE '%BRIND%' OR data::text LIKE '%1000001%'")).ShouldBe(0);
    }

    [Fact]
    public async Task Each_change_of_the_right_is_derived_by_comparing_with_what_Parcours_knows()
    {
        await using var h = await ImportHarness.CreateAsync("caf_changes");
        var app = new LocalDate(2023, 12, 5);
        await h.ImportFluxAsync("01.xml", File(January, Household("1", RightState.OpenPayable, app), Household("2", RightState.OpenPayable, app),
            Household("3", RightState.OpenPayable, app, null, null, Applicant(subject: false))));
        var feb = await h.ImportFluxAsync("02.xml", File(Feb,
            Household("1", RightState.PaymentSuspended, app, new FluxSuspension("06", new LocalDate(2024, 2, 1))),
            Household("2", RightState.OpenPayable, app),
            Household("3", RightState.OpenPayable, app, null, null, Applicant(subject: true))));
        var mar = await h.ImportFluxAsync("03.xml", File(Mar,
            Household("1", RightState.OpenPayable, app),
            Household("2", RightState.Closed, app, closure: new FluxClosure("RAD", new LocalDate(2024, 2, 29))),
            Household("3", RightState.OpenPayable, app, null, null, Applicant(subject: true))));
        var apr = await h.ImportFluxAsync("04.xml", File(Apr,
            Household("1", RightState.OpenPayable, app),
            Household("2", RightState.OpenPayable, new LocalDate(2024, 4, 2)),
            Household("3", RightState.OpenPayable, app, null, null, Applicant(subject: true))));

        feb.Counts[CafChange.Suspension.Label()].ShouldBe(1);
        feb.Counts[CafChange.RightsAndDutiesChange.Label()].ShouldBe(1);
        mar.Counts[CafChange.Resumption.Label()].ShouldBe(1);
        mar.Counts[CafChange.Closure.Label()].ShouldBe(1);
        apr.Counts[CafChange.ReentryAfterClosure.Label()].ShouldBe(1);
        apr.Counts[CafChange.Unchanged.Label()].ShouldBe(2);
        (await h.EventsOfAsync("1")).Skip(1).ShouldBe([new RightSuspended(new LocalDate(2024, 2, 1), "06"), new RightResumed(new LocalDate(2024, 3, 1))]);
        (await h.EventsOfAsync("2")).Skip(1).ShouldBe([
            new RsaExited(new LocalDate(2024, 2, 29), "RAD"),
            new RsaReentered(new LocalDate(2024, 4, 2), Apr, true, EntrySource.CafFlux, null, ReentryGround.AfterClosure)]);
        (await h.EventsOfAsync("3")).Skip(1).ShouldBe([new RightsAndDutiesChanged(new LocalDate(2024, 2, 1), true)]);
    }

    [Fact]
    public async Task Appended_batch_by_batch_a_file_changes_a_person_it_met_in_an_earlier_batch_and_summaries_follow()
    {
        // Batches of one household: each batch's events are appended before the next batch is read (bounded memory).
        // The same person (same NIR) in a second household of the file is found among the cases the file created, and
        // their case re-read within the import's transaction.
        await using var h = await ImportHarness.CreateAsync("caf_batches");
        var app = new LocalDate(2023, 12, 5);
        var mover = Applicant("DÉMÉNAGÉE", "Iris", nir: "2840731555777");
        var file = File(January,
            Household("1000001", RightState.OpenPayable, app, null, null, mover),
            Household("1000002", RightState.OpenPayable, app),
            Household("1000003", RightState.PaymentSuspended, app, new FluxSuspension("06", January), null, mover));

        var report = await h.Services.Cnaf.ImportAsync(ImportHarness.Tenant, "janvier.xml", file, new CafImportOptions(BatchSize: 1));

        report.Outcome.ShouldBe(ImportOutcome.Applied);
        report.Rejections.ShouldBeEmpty();
        report.EventsAppended.ShouldBe(3);
        report.Counts[CafChange.Entry.Label()].ShouldBe(2);
        report.Counts[CafChange.Suspension.Label()].ShouldBe(1);
        (await h.EventsOfAsync("1000001")).ShouldBe([
            new RsaEntered(app, January, true, EntrySource.CafFlux, null), new RightSuspended(January, "06")]);
        (await h.CountAsync("SELECT count(*) FROM parcours.events")).ShouldBe(3);
        (await h.CountAsync("SELECT count(*) FROM parcours_read.case_summaries")).ShouldBe(2);
        (await h.CountAsync("SELECT count(*) FROM parcours_read.case_summaries WHERE phase = 'Suspended' AND version = 2")).ShouldBe(1);
    }

    [Fact]
    public async Task Payable_again_after_more_than_a_year_of_suspension_is_a_re_entry_and_after_less_a_resumption()
    {
        await using var h = await ImportHarness.CreateAsync("caf_long_suspension");
        var app = new LocalDate(2023, 12, 5);
        await h.ImportFluxAsync("01.xml", File(January, Household("1", RightState.OpenPayable, app), Household("2", RightState.OpenPayable, app)));
        await h.ImportFluxAsync("02.xml", File(Feb,
            Household("1", RightState.OpenSuspended, app, new FluxSuspension("01", new LocalDate(2024, 2, 1))),
            Household("2", RightState.OpenSuspended, app, new FluxSuspension("01", new LocalDate(2024, 2, 1)))));
        var underAYear = await h.ImportFluxAsync("2025-01.xml", File(new LocalDate(2025, 1, 20),
            Household("1", RightState.OpenSuspended, app, new FluxSuspension("01", new LocalDate(2024, 2, 1))),
            Household("2", RightState.OpenPayable, app)));
        var later = new LocalDate(2025, 2, 20);
        var overAYear = await h.ImportFluxAsync("2025-02.xml", File(later, Household("1", RightState.OpenPayable, new LocalDate(2025, 2, 1))));

        underAYear.Counts[CafChange.Resumption.Label()].ShouldBe(1);
        (await h.EventsOfAsync("2")).Last().ShouldBe(new RightResumed(new LocalDate(2025, 1, 1)));
        overAYear.Counts[CafChange.ReentryAfterLongSuspension.Label()].ShouldBe(1);
        (await h.EventsOfAsync("1")).Last().ShouldBe(
            new RsaReentered(new LocalDate(2025, 2, 1), later, true, EntrySource.CafFlux, null, ReentryGround.AfterLongSuspension));
    }

    [Fact]
    public async Task Re_importing_the_same_file_changes_nothing()
    {
        await using var h = await ImportHarness.CreateAsync("caf_idempotent");
        var file = File(January, Household("1", RightState.OpenPayable), Household("2", RightState.OpenPayable));
        (await h.ImportFluxAsync("janvier.xml", file)).Outcome.ShouldBe(ImportOutcome.Applied);
        var events = await h.EventCountAsync();

        var again = await h.ImportFluxAsync("janvier-copie.xml", file);

        again.Outcome.ShouldBe(ImportOutcome.AlreadyImported);
        again.Message.ShouldNotBeNull().ShouldContain("« janvier.xml »");
        (await h.EventCountAsync()).ShouldBe(events);
        (await h.CountAsync("SELECT count(*) FROM parcours_import.files WHERE outcome = 'applied'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_same_dated_file_with_other_content_repeats_no_change_already_known()
    {
        await using var h = await ImportHarness.CreateAsync("caf_same_date");
        await h.ImportFluxAsync("a.xml", File(January, Household("1", RightState.OpenPayable)));
        var events = await h.EventCountAsync();

        var b = await h.ImportFluxAsync("b.xml", File(January, Household("1", RightState.OpenPayable), Household("2", RightState.OpenPayable)));

        b.Outcome.ShouldBe(ImportOutcome.Applied);
        b.Counts[CafChange.Unchanged.Label()].ShouldBe(1);
        (await h.EventCountAsync()).ShouldBe(events + 1);
    }

    [Fact]
    public async Task A_file_older_than_the_latest_imported_is_refused_with_a_clear_message()
    {
        await using var h = await ImportHarness.CreateAsync("caf_older");
        await h.ImportFluxAsync("fevrier.xml", File(Feb, Household("1", RightState.OpenPayable)));

        var older = await h.ImportFluxAsync("janvier.xml", File(January, Household("2", RightState.OpenPayable)));

        older.Outcome.ShouldBe(ImportOutcome.Refused);
        older.Message.ShouldBe("Ce flux est daté du 20/01/2024 (DTREF), antérieur au dernier flux importé (« fevrier.xml », du 20/02/2024) : "
            + "il est refusé. Importez les flux dans l'ordre de leurs dates.");
        (await h.CaseOfAsync("2")).ShouldBeNull();
        (await h.CountAsync("SELECT count(*) FROM parcours_import.files WHERE outcome = 'refused'")).ShouldBe(1);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("wrong-root")]
    [InlineData("bad-date")]
    [InlineData("trailer")]
    public async Task A_malformed_file_is_rejected_and_nothing_of_it_is_applied(string defect)
    {
        await using var h = await ImportHarness.CreateAsync("caf_malformed");
        var households = Enumerable.Range(1, 5).Select(i => Household(i.ToString(), RightState.OpenPayable)).ToArray();
        var text = Text(File(January, households));
        var broken = defect switch
        {
            "truncated" => text[..(text.Length - 200)],
            "wrong-root" => text.Replace("<Racine>", "<Racines>").Replace("</Racine>", "</Racines>"),
            "bad-date" => ReplaceLast(text, "<DTDEMRSA>2023-12-05</DTDEMRSA>", "<DTDEMRSA>2023-13-05</DTDEMRSA>"),
            _ => text.Replace("<NBTOTDOSRSATRANSM>5<", "<NBTOTDOSRSATRANSM>6<"),
        };

        var report = await h.ImportFluxAsync("casse.xml", Bytes(broken));

        report.Outcome.ShouldBe(ImportOutcome.Refused);
        report.Rejections.ShouldNotBeEmpty();
        report.Message.ShouldNotBeNull().ShouldContain("rien n'a été importé");
        (await h.EventCountAsync()).ShouldBe(0);
        (await h.CountAsync("SELECT count(*) FROM parcours_identity.identities")).ShouldBe(0);
        (await h.CountAsync("SELECT count(*) FROM parcours_import.rejections")).ShouldBe(report.Rejections.Count);
        if (defect == "bad-date") report.Rejections.ShouldHaveSingleItem().Position.ShouldContain("foyer n° 5");
    }

    [Fact]
    public async Task A_change_the_decider_refuses_is_reported_with_the_person_and_the_rest_is_applied()
    {
        await using var h = await ImportHarness.CreateAsync("caf_rejected");
        // DTDEMRSA after DTREF: the entry would start before the application was known.
        var report = await h.ImportFluxAsync("janvier.xml", File(January,
            Household("1", RightState.OpenPayable, new LocalDate(2024, 1, 25)), Household("2", RightState.OpenPayable)));

        report.Outcome.ShouldBe(ImportOutcome.Applied);
        var rejection = report.Rejections.ShouldHaveSingleItem();
        rejection.Code.ShouldBe("entry.application-after-known");
        rejection.Position.ShouldContain("foyer n° 1 (matricule 1), personne DEM");
        (await h.CaseOfAsync("1")).ShouldBeNull();
        (await h.CaseOfAsync("2")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Replaying_an_archived_flux_records_its_changes_at_the_file_creation_instant()
    {
        await using var h = await ImportHarness.CreateAsync("caf_replay");
        await h.ImportFluxAsync("janvier.xml", File(January, Household("1", RightState.OpenPayable)), replay: true);

        (await h.CountAsync("SELECT count(*) FROM parcours.events WHERE recorded_at = '2024-01-20 06:00:00+01' AND appended_at IS NOT NULL")).ShouldBe(1);
    }

    private static string ReplaceLast(string text, string old, string replacement)
    {
        var at = text.LastIndexOf(old, StringComparison.Ordinal);
        return text[..at] + replacement + text[(at + old.Length)..];
    }
}
