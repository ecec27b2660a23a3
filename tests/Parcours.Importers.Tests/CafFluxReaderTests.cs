using NodaTime;
using Parcours.Importers.Cnaf.Flux;
using Parcours.Importers.Tests.Support;

namespace Parcours.Importers.Tests;

public sealed class CafFluxReaderTests
{
    [Fact]
    public void Reads_each_household_with_its_people_and_the_accents_of_windows_1252()
    {
        var file = Flux.File(Flux.January,
            Flux.Household("1234567", RightState.OpenPayable, null, null, null, Flux.Applicant("BRINDŒUF", "Maëlise"), Flux.Partner("D'ESSAIMONT", "Noëlan", subject: false)),
            Flux.Household("7654321", RightState.PaymentSuspended, suspension: new FluxSuspension("06", new LocalDate(2024, 1, 1))),
            Flux.Household("5555555", RightState.Closed, closure: new FluxClosure("PCG", new LocalDate(2023, 12, 31))));

        Flux.Text(file).ShouldStartWith("<?xml version=\"1.0\" encoding=\"windows-1252\"?>");
        file.ShouldContain((byte)0x8C); // Œ is one byte in windows-1252
        var (households, reader) = Flux.Read(file);

        reader.Errors.ShouldBeEmpty();
        reader.IsValid.ShouldBeTrue();
        reader.Header!.ReferenceDate.ShouldBe(Flux.January);
        reader.Header.Type.ShouldBe("M");
        households.Select(h => h.Matricule).ShouldBe(["1234567", "7654321", "5555555"]);
        var couple = households[0];
        couple.Index.ShouldBe(1);
        couple.State.ShouldBe(RightState.OpenPayable);
        couple.ApplicationDate.ShouldBe(new LocalDate(2023, 12, 5));
        couple.CommuneCode.ShouldBe("31555");
        couple.People.Select(p => (p.LastName, p.FirstName, p.RsaRole, p.SubjectToRightsAndDuties))
            .ShouldBe([("BRINDŒUF", "Maëlise", "DEM", (bool?)true), ("D'ESSAIMONT", "Noëlan", "CJT", false)]);
        couple.People[0].Nir.ShouldBe(Flux.NirFor("1234567", "2"));
        households[1].Suspension.ShouldBe(new FluxSuspension("06", new LocalDate(2024, 1, 1)));
        households[2].Closure.ShouldBe(new FluxClosure("PCG", new LocalDate(2023, 12, 31)));
    }

    [Fact]
    public void A_wrong_root_is_not_a_flux()
    {
        var text = Flux.Text(Flux.File(Flux.January, Flux.Household("1234567", RightState.OpenPayable)))
            .Replace("<Racine>", "<Flux>").Replace("</Racine>", "</Flux>");
        var (households, reader) = Flux.Read(Flux.Bytes(text));

        households.ShouldBeEmpty();
        reader.IsValid.ShouldBeFalse();
        reader.Errors.ShouldContain(e => e.Message.Contains("« Flux » au lieu de « Racine »"));
    }

    [Fact]
    public void A_truncated_file_is_reported_at_the_point_it_breaks()
    {
        var text = Flux.Text(Flux.File(Flux.January, Flux.Household("1234567", RightState.OpenPayable), Flux.Household("7654321", RightState.OpenPayable)));
        var (_, reader) = Flux.Read(Flux.Bytes(text[..(text.IndexOf("7654321", StringComparison.Ordinal) + 3)]));

        reader.IsValid.ShouldBeFalse();
        reader.Errors.ShouldContain(e => e.Message.StartsWith("fichier"));
    }

    [Fact]
    public void A_bad_date_makes_its_household_invalid_with_its_position_and_the_others_still_read()
    {
        var text = Flux.Text(Flux.File(Flux.January,
            Flux.Household("1234567", RightState.OpenPayable), Flux.Household("7654321", RightState.OpenPayable, new LocalDate(2023, 11, 30))));
        var broken = text.Replace("<DTDEMRSA>2023-11-30</DTDEMRSA>", "<DTDEMRSA>30/11/2023</DTDEMRSA>");
        var (households, reader) = Flux.Read(Flux.Bytes(broken));

        households.Select(h => h.Matricule).ShouldBe(["1234567"]);
        reader.IsValid.ShouldBeFalse();
        var error = reader.Errors.ShouldHaveSingleItem();
        error.Household.ShouldBe(2);
        error.Line.ShouldBe(1); // the writer does not indent: one line
        error.Column.ShouldBeGreaterThan(broken.IndexOf("<InfosFoyerRSA>", broken.IndexOf("7654321", StringComparison.Ordinal) - 300, StringComparison.Ordinal));
        error.Message.ShouldContain("DTDEMRSA");
    }

    [Fact]
    public void A_trailer_count_that_does_not_match_the_households_is_an_error()
    {
        var text = Flux.Text(Flux.File(Flux.January, Flux.Household("1234567", RightState.OpenPayable), Flux.Household("7654321", RightState.OpenPayable)));
        var (households, reader) = Flux.Read(Flux.Bytes(text.Replace("<NBTOTDOSRSATRANSM>2<", "<NBTOTDOSRSATRANSM>3<")));

        households.Count.ShouldBe(2);
        reader.IsValid.ShouldBeFalse();
        reader.Errors.ShouldHaveSingleItem().Message.ShouldContain("annonce 3 dossiers transmis (NBTOTDOSRSATRANSM) mais en contient 2");
    }

    [Fact]
    public void A_missing_required_block_is_reported_by_the_schema()
    {
        var text = Flux.Text(Flux.File(Flux.January, Flux.Household("1234567", RightState.OpenPayable)));
        var start = text.IndexOf("<DonneesAdministratives>", StringComparison.Ordinal);
        var end = text.IndexOf("</DonneesAdministratives>", StringComparison.Ordinal) + "</DonneesAdministratives>".Length;
        var (households, reader) = Flux.Read(Flux.Bytes(text.Remove(start, end - start)));

        households.ShouldBeEmpty();
        reader.Errors.ShouldContain(e => e.Household == 1 && e.Message.Contains("schéma"));
    }

}

/// <summary>Alone in its collection: the heap it measures is the whole process's.</summary>
[CollectionDefinition(nameof(MemoryProbe), DisableParallelization = true)]
public sealed class MemoryProbeCollection;

[Collection(nameof(MemoryProbe))]
public sealed class MemoryProbe
{
    [Fact]
    public void Reading_a_large_flux_keeps_the_heap_flat() => Run();

    internal static void Run()
    {
        // A file of 20,000 households read while counting: no list is kept by the reader.
        using var stream = new MemoryStream();
        using (var writer = new FluxWriter(stream, new FluxHeader("M", "A", Flux.January + LocalTime.Noon, Flux.January), "31"))
            for (var i = 0; i < 20_000; i++) writer.Write(Flux.Household((1_000_000 + i).ToString(), RightState.OpenPayable));
        stream.Position = 0;
        using var reader = CafFluxReader.Open(stream);
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        long peak = 0, count = 0;
        foreach (var _ in reader.Households())
            if (++count % 2_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(true) - before);
        count.ShouldBe(20_000);
        reader.IsValid.ShouldBeTrue();
        peak.ShouldBeLessThan(2_000_000);
    }
}
