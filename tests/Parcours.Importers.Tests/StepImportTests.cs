using System.Text;
using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Importers.Cnaf.Flux;
using Parcours.Importers.Cnaf.Import;
using Parcours.Importers.Steps;
using Parcours.Importers.Storage;
using Parcours.Importers.Tests.Support;
using static Parcours.Importers.Tests.Support.Flux;

namespace Parcours.Importers.Tests;

public sealed class StepImportTests
{
    private const string Header = "type;matricule_caf;role;nir;date;parcours;organisme;canal;id_rdv;nature_rdv;date_rdv;issue;nature_contrat";

    private static async Task<ImportHarness> WithTwoPeopleAsync(string name)
    {
        var h = await ImportHarness.CreateAsync(name);
        await h.ImportFluxAsync("janvier.xml", File(January, Household("1000001", RightState.OpenPayable), Household("1000002", RightState.OpenPayable)));
        return h;
    }

    private static byte[] Csv(bool bom, params string[] lines) =>
        [.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")];

    private static Task<ImportReport> ImportAsync(ImportHarness h, byte[] csv, bool dryRun = false, bool validOnly = false) =>
        h.Services.Steps.ImportAsync(ImportHarness.Tenant, "etapes.csv", csv, new StepImportOptions(DryRun: dryRun, ValidRowsOnly: validOnly));

    [Fact]
    public async Task Rows_become_steps_of_the_person_named_by_CAF_number_and_role_or_by_NIR_in_file_order()
    {
        await using var h = await WithTwoPeopleAsync("steps_ok");
        var report = await ImportAsync(h, Csv(bom: true, Header,
            "orientation;1000001;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;",
            $"rdv;;;{NirFor("1000001", "2")};30/01/2024;;MDS Nord;;R-1;accompagnement;05/02/2024;;",
            "issue_rdv;1000001;dem;;05/02/2024;;;;R-1;;;honore;",
            "contrat;1000001;DEM;;12/02/2024;;MDS Nord;;;;;;CER"));

        report.Outcome.ShouldBe(ImportOutcome.Applied);
        report.Rejections.ShouldBeEmpty();
        var appointment = StepCsvFormat.AppointmentId("R-1");
        (await h.EventsOfAsync("1000001")).Skip(1).ShouldBe([
            new OrientationDecided(new LocalDate(2024, 1, 25), null, Track.Social, "MDS Nord", null, OrientationChannel.Manager),
            new AppointmentFixed(appointment, AppointmentKind.Accompaniment, new LocalDate(2024, 1, 30), new LocalDate(2024, 2, 5), "MDS Nord"),
            new AppointmentOutcomeRecorded(appointment, new LocalDate(2024, 2, 5), AppointmentOutcome.Held),
            new ContractSigned(ContractKind.Cer, new LocalDate(2024, 2, 12), null, "MDS Nord")]);
    }

    [Fact]
    public async Task Each_bad_row_is_reported_with_its_line_and_reason_and_by_default_nothing_is_applied()
    {
        await using var h = await WithTwoPeopleAsync("steps_errors");
        var events = await h.EventCountAsync();
        var report = await ImportAsync(h, Csv(bom: false, Header,
            "orientation;1000001;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;",
            "orientation;9999999;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;",
            "orientation;1000002;DEM;;2024-01-25;social;MDS Nord;gestionnaire;;;;;",
            "contrat;1000002;DEM;;12/02/2024;;MDS Sud;;;;;;CER",
            "orientation;1000002;DEM;;25/01/2024;sportif;MDS Nord;gestionnaire;;;;;",
            "visite;1000002;DEM;;25/01/2024;;;;;;;;",
            "orientation;1000002;DEM;;10/01/2024;social;MDS Nord;gestionnaire;;;;;"));

        report.Outcome.ShouldBe(ImportOutcome.Refused);
        report.Rejections.Select(r => (r.Position, r.Code)).ShouldBe([
            ("ligne 3", "csv.person-unknown"),
            ("ligne 4", "csv.date"),
            ("ligne 5", "orientation.required"),
            ("ligne 6", "csv.value"),
            ("ligne 7", "csv.type"),
            ("ligne 8", "date.before-entry"),
        ]);
        report.Rejections[1].Message.ShouldBe("« 2024-01-25 » n'est pas une date jj/mm/aaaa (colonne « date »).");
        (await h.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task With_valid_rows_only_the_accepted_rows_are_applied_and_the_others_reported()
    {
        await using var h = await WithTwoPeopleAsync("steps_valid_only");
        var report = await ImportAsync(h, Csv(bom: false, Header,
            "orientation;1000001;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;",
            "contrat;1000002;DEM;;12/02/2024;;MDS Sud;;;;;;CER"), validOnly: true);

        report.Outcome.ShouldBe(ImportOutcome.Applied);
        report.Rejections.ShouldHaveSingleItem().Position.ShouldBe("ligne 3");
        (await h.EventsOfAsync("1000001")).Count.ShouldBe(2);
        (await h.EventsOfAsync("1000002")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_dry_run_decides_every_row_and_writes_nothing()
    {
        await using var h = await WithTwoPeopleAsync("steps_dry_run");
        var events = await h.EventCountAsync();
        var report = await ImportAsync(h, Csv(bom: false, Header, "orientation;1000001;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;"), dryRun: true);

        report.Outcome.ShouldBe(ImportOutcome.DryRun);
        report.Counts["orientation"].ShouldBe(1);
        (await h.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task An_entry_row_of_an_unknown_person_creates_the_case_and_their_identity_and_the_flux_then_finds_it()
    {
        await using var h = await ImportHarness.CreateAsync("steps_entry");
        var report = await ImportAsync(h, Csv(bom: false,
            "type;matricule_caf;role;nir;nom;prenom;date_naissance;date;date_demande;soumis_droits_devoirs;origine",
            $"entree;2000001;DEM;{NirFor("2000001", "2")};PÂQUEFAUX;Éloïsa;02/07/1984;10/01/2024;02/01/2024;oui;saisie"));
        report.Rejections.ShouldBeEmpty();

        var flux = await h.ImportFluxAsync("janvier.xml", File(January, Household("2000001", RightState.OpenPayable)));

        flux.Counts.Keys.ShouldNotContain(CafChange.Entry.Label());
        (await h.EventsOfAsync("2000001")).ShouldBe([
            new RsaEntered(new LocalDate(2024, 1, 2), new LocalDate(2024, 1, 10), true, EntrySource.Manual, null)]);
    }

    [Fact]
    public async Task A_file_that_is_not_UTF_8_or_has_unknown_columns_is_refused()
    {
        await using var h = await WithTwoPeopleAsync("steps_refused");
        var latin1 = Encoding.Latin1.GetBytes($"{Header}\r\norientation;1000001;DEM;;25/01/2024;social;MDS Créée;gestionnaire;;;;;\r\n");
        var unknown = Csv(bom: false, "type;matricule;role;date", "orientation;1000001;DEM;25/01/2024");

        (await ImportAsync(h, latin1)).Message.ShouldNotBeNull().ShouldStartWith("Le fichier n'est pas encodé en UTF-8");
        (await ImportAsync(h, unknown)).Message.ShouldNotBeNull().ShouldStartWith("Colonne(s) inconnue(s) : « matricule »");
    }

    [Fact]
    public async Task Re_importing_the_same_steps_file_changes_nothing()
    {
        await using var h = await WithTwoPeopleAsync("steps_again");
        var csv = Csv(bom: false, Header, "orientation;1000001;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;");
        (await ImportAsync(h, csv)).Outcome.ShouldBe(ImportOutcome.Applied);
        var events = await h.EventCountAsync();

        (await ImportAsync(h, csv)).Outcome.ShouldBe(ImportOutcome.AlreadyImported);
        (await h.EventCountAsync()).ShouldBe(events);
    }
}
