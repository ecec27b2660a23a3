using System.Text;
using System.Text.RegularExpressions;
using Parcours.Importers.Cnaf.Flux;
using Parcours.Importers.Steps;
using Parcours.Importers.Storage;
using Parcours.Importers.Tests.Support;
using static Parcours.Importers.Tests.Support.Flux;

namespace Parcours.Importers.Tests;

/// <summary>
/// Thousands of seeded malformed inputs (steps CSV rows, CAF flux records): the importers never throw, a refused file
/// writes nothing (events and identities counted before and after), an applied one writes exactly what it reports, and
/// every rejection names its place (a CSV line, a flux line or household) and a code. A failure names the seed and the
/// input, so it can be replayed.
/// </summary>
public sealed partial class FuzzTests
{
    private const int Seed = 20_261_126;
    private const string Header = "type;matricule_caf;role;nir;date;parcours;organisme;canal;id_rdv;nature_rdv;date_rdv;issue;nature_contrat";
    private static readonly string[] People = ["1000001", "1000002", "1000003"];

    private static readonly string[] Junk =
    [
        "", " ", "abc", "2024-01-25", "32/01/2024", "25/13/2024", "29/02/2023", "00/00/0000", "25/01/24", "-1", "99999999999999999999",
        "social ", "SOCIAL;", "\"", "\"\"\"", "é€ü", "\u0001\u0002", "\t", "<script>", "'; DROP TABLE parcours.events; --", new string('x', 5_000),
        "NaN", "1e309", "null", "\uFEFF", "25/01/2024 10:00",
    ];

    [Fact]
    public async Task Malformed_steps_CSV_rows_are_each_rejected_with_their_line_and_a_refused_file_writes_nothing()
    {
        await using var h = await ImportHarness.CreateAsync("fuzz_steps");
        await h.ImportFluxAsync("janvier.xml", File(January, [.. People.Select(m => Household(m, RightState.OpenPayable))]));
        var random = new Random(Seed);
        var rows = 0;
        for (var file = 0; file < 160; file++)
        {
            var lines = new List<string> { Header };
            var surelyBad = new HashSet<int>();
            var count = random.Next(4, 16);
            for (var i = 0; i < count; i++)
            {
                var (row, bad) = MutatedRow(random, file, i);
                lines.Add(row);
                if (bad) surelyBad.Add(lines.Count); // line numbers start at 1 with the header
            }
            rows += count;
            var validOnly = file % 3 == 2;
            var csv = Encoding.UTF8.GetBytes(string.Join(file % 2 == 0 ? "\r\n" : "\n", lines) + "\n");
            var what = $"seed {Seed}, file {file}{(validOnly ? " (valid rows only)" : "")}:\n{string.Join("\n", lines.Select(l => l.Length > 200 ? l[..200] + "…" : l))}";

            var before = await CountsAsync(h);
            var report = await h.Services.Steps.ImportAsync(ImportHarness.Tenant, $"fuzz-{file}.csv", csv, new StepImportOptions(ValidRowsOnly: validOnly));
            var after = await CountsAsync(h);

            foreach (var rejection in report.Rejections)
            {
                rejection.Position.ShouldMatch(@"^ligne \d+", what);
                rejection.Code.ShouldNotBeNullOrWhiteSpace(what);
                rejection.Message.ShouldNotBeNullOrWhiteSpace(what);
            }
            var rejectedLines = report.Rejections.Select(r => int.Parse(LineNumber().Match(r.Position).Groups[1].Value)).ToHashSet();
            rejectedLines.IsSupersetOf(surelyBad).ShouldBeTrue($"lines {string.Join(", ", surelyBad.Except(rejectedLines))} were not rejected; {what}");
            if (report.Outcome == ImportOutcome.Refused) after.ShouldBe(before, what);
            else after.Events.ShouldBe(before.Events + report.EventsAppended, what);
            if (!validOnly && surelyBad.Count > 0) report.Outcome.ShouldBe(ImportOutcome.Refused, what);
        }
        rows.ShouldBeGreaterThan(1_000);
    }

    [Fact]
    public async Task Garbage_steps_files_are_refused_with_a_reason_and_write_nothing()
    {
        await using var h = await ImportHarness.CreateAsync("fuzz_steps_garbage");
        await h.ImportFluxAsync("janvier.xml", File(January, Household(People[0], RightState.OpenPayable)));
        var random = new Random(Seed + 1);
        for (var file = 0; file < 120; file++)
        {
            var bytes = GarbageCsv(random, file);
            var what = $"seed {Seed + 1}, garbage file {file}: {Convert.ToBase64String(bytes[..Math.Min(bytes.Length, 300)])}";
            var before = await CountsAsync(h);
            var report = await h.Services.Steps.ImportAsync(ImportHarness.Tenant, $"garbage-{file}.csv", bytes, new StepImportOptions());
            var after = await CountsAsync(h);

            report.Outcome.ShouldBe(ImportOutcome.Refused, what);
            after.ShouldBe(before, what);
            (report.Rejections.Count > 0 || !string.IsNullOrWhiteSpace(report.Message)).ShouldBeTrue(what);
            report.Rejections.ShouldAllBe(r => r.Position.StartsWith("ligne") && r.Code.Length > 0 && r.Message.Length > 0, what);
        }
    }

    [Fact]
    public async Task Malformed_CAF_flux_records_are_refused_or_reported_and_a_refused_flux_writes_nothing()
    {
        await using var h = await ImportHarness.CreateAsync("fuzz_cnaf");
        var random = new Random(Seed + 2);
        var refused = 0;
        for (var file = 0; file < 250; file++)
        {
            var households = Enumerable.Range(0, 3).Select(i => Household((2_000_000 + random.Next(50)).ToString(), random.Next(4) == 0 ? RightState.Pending : RightState.OpenPayable)).ToArray();
            var text = Text(File(January, households));
            var (broken, surelyRefused, mutation) = MutatedFlux(random, text);
            var what = $"seed {Seed + 2}, flux {file}, {mutation}";

            var before = await CountsAsync(h);
            var report = await h.ImportFluxAsync($"fuzz-{file}.xml", Bytes(broken));
            var after = await CountsAsync(h);

            foreach (var rejection in report.Rejections)
            {
                rejection.Position.ShouldMatch(@"(ligne \d+|foyer n° \d+)", what);
                rejection.Code.ShouldNotBeNullOrWhiteSpace(what);
                rejection.Message.ShouldNotBeNullOrWhiteSpace(what);
            }
            if (report.Outcome == ImportOutcome.Refused)
            {
                refused++;
                after.ShouldBe(before, what);
                (report.Rejections.Count > 0 || !string.IsNullOrWhiteSpace(report.Message)).ShouldBeTrue(what);
            }
            else
            {
                surelyRefused.ShouldBeFalse($"{what}: expected a refusal, got {report.Outcome}");
                after.Events.ShouldBe(before.Events + report.EventsAppended, what);
            }
        }
        refused.ShouldBeGreaterThan(60);
    }

    private sealed record Counts(long Events, long Identities, long Files);

    private static async Task<Counts> CountsAsync(ImportHarness h) => new(
        await h.EventCountAsync(),
        await h.CountAsync("SELECT count(*) FROM parcours_identity.identities"),
        await h.CountAsync("SELECT count(*) FROM parcours_import.files WHERE outcome <> 'refused'"));

    /// <summary>A plausible row for one of the known people, then perhaps a mutation; true when the row cannot be valid.</summary>
    private static (string Row, bool SurelyBad) MutatedRow(Random random, int file, int index)
    {
        var person = People[random.Next(People.Length)];
        string[] fields = random.Next(3) switch
        {
            0 => ["orientation", person, "DEM", "", "25/01/2024", "social", "MDS Nord", "gestionnaire", "", "", "", "", ""],
            1 => ["rdv", person, "DEM", "", "30/01/2024", "", "MDS Nord", "", $"R-{file}-{index}", "accompagnement", "05/02/2024", "", ""],
            _ => ["contrat", person, "DEM", "", "12/02/2024", "", "MDS Nord", "", "", "", "", "", "CER"],
        };
        switch (random.Next(8))
        {
            case 0: // an unknown step type
                fields[0] = "etape" + random.Next(1_000);
                return (string.Join(';', fields), true);
            case 1: // a date that is not jj/mm/aaaa, or not a day of the calendar
                fields[4] = Pick(random, ["2024-01-25", "32/01/2024", "25/13/2024", "29/02/2023", "00/00/0000", "25/01/24", "abc", "25/01/2024 10:00", "-1"]);
                return (string.Join(';', fields), true);
            case 2: // a person nobody knows, without NIR
                fields[1] = "9" + random.Next(100_000, 999_999);
                return (string.Join(';', fields), true);
            case 3: // a value outside its list (track of an orientation, kind of a contract, nature of an appointment)
                var column = fields[0] switch { "orientation" => 5, "rdv" => 9, _ => 12 };
                fields[column] = Pick(random, ["sportif", "SOCIALE", "x", "1", "CER2", "accompagnement!", "é"]);
                return (string.Join(';', fields), true);
            case 4: // a column too many or too few (an empty last column may be left out)
                return (random.Next(2) == 0 ? string.Join(';', fields) + ";en trop" : string.Join(';', fields[..^1]), false);
            case 5: // junk in any field: may or may not be acceptable
                fields[random.Next(fields.Length)] = Pick(random, Junk).Replace("\"", "'").Replace(";", ",");
                return (string.Join(';', fields), false);
            default:
                return (string.Join(';', fields), false);
        }
    }

    private static byte[] GarbageCsv(Random random, int file)
    {
        switch (file % 7)
        {
            case 6: // a column named twice (a crash of the header check, found by this test)
                return Encoding.UTF8.GetBytes(Header + ";" + Header.Split(';')[random.Next(13)] + "\norientation;1000001;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;;\n");
            case 0: // random bytes
                var bytes = new byte[random.Next(1, 2_000)];
                random.NextBytes(bytes);
                return bytes;
            case 1: // no header
                return Encoding.UTF8.GetBytes("orientation;1000001;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;\n");
            case 2: // a header with a column renamed (a column merely missing is fine when the rows do not need it)
                var columns = Header.Split(';').ToList();
                columns[random.Next(columns.Count)] = "colonne" + random.Next(100);
                return Encoding.UTF8.GetBytes(string.Join(';', columns) + "\norientation;1000001;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;\n");
            case 3: // an unterminated quoted field swallowing the rest
                return Encoding.UTF8.GetBytes(Header + "\norientation;\"1000001;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;\nrdv;1000001\n");
            case 4: // not UTF-8 (Windows-1252 accents, a stray 0xFF)
                return [.. Encoding.UTF8.GetBytes(Header + "\norientation;1000001;DEM;;25/01/2024;social;MDS "), 0xC9, 0xFF, .. Encoding.UTF8.GetBytes(";gestionnaire;;;;;\n")];
            default: // empty, or nothing but a byte order mark (a header without rows is a valid empty file)
                return random.Next(2) == 0 ? [] : Encoding.UTF8.GetPreamble().ToArray();
        }
    }

    /// <summary>One mutation of a valid flux; true when no reader may accept the result.</summary>
    private static (string Text, bool SurelyRefused, string Mutation) MutatedFlux(Random random, string text)
    {
        var elements = LeafElement().Matches(text);
        var leaf = elements[random.Next(elements.Count)];
        var name = leaf.Groups[1].Value;
        switch (random.Next(9))
        {
            case 0:
                var cut = random.Next(text.Length / 4, text.Length - 20);
                return (text[..cut], true, $"truncated at {cut}");
            case 1:
                var closing = ClosingTag().Matches(text);
                var removed = closing[random.Next(closing.Count)];
                return (text.Remove(removed.Index, removed.Length), true, $"closing tag {removed.Value} removed at {removed.Index}");
            case 2:
                var value = Pick(random, Junk).Replace("<", "&lt;").Replace("&", "&amp;").Replace("\u0001\u0002", "x");
                return (text.Remove(leaf.Index, leaf.Length).Insert(leaf.Index, $"<{name}>{value}</{name}>"), false, $"<{name}> set to « {value[..Math.Min(value.Length, 40)]} »");
            case 3:
                return (text.Remove(leaf.Index, leaf.Length).Insert(leaf.Index, $"<{name}X>{leaf.Groups[2].Value}</{name}X>"), true, $"<{name}> renamed");
            case 4:
                var declarationEnd = text.IndexOf("?>", StringComparison.Ordinal) + 2;
                return (text.Insert(declarationEnd, "<!DOCTYPE Racine [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>").Replace("<NOMCOM>", "<NOMCOM>&xxe;"), true, "external entity (XXE)");
            case 5:
                return (text.Insert(leaf.Index, leaf.Value), false, $"<{name}> duplicated");
            case 6:
                return (text.Remove(leaf.Index, leaf.Length), false, $"<{name}> removed");
            case 7:
                var at = random.Next(text.IndexOf("<Racine", StringComparison.Ordinal), text.Length);
                return (text.Insert(at, "\u0001"), true, $"control character at {at}");
            default:
                return (text.Replace("<NBTOTDOSRSATRANSM>3<", $"<NBTOTDOSRSATRANSM>{random.Next(4, 9)}<"), true, "wrong household count in the trailer");
        }
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    [GeneratedRegex(@"^ligne (\d+)")]
    private static partial Regex LineNumber();

    [GeneratedRegex(@"<([A-Z0-9]+)>([^<]*)</\1>")]
    private static partial Regex LeafElement();

    [GeneratedRegex(@"</[A-Za-z0-9]+>")]
    private static partial Regex ClosingTag();
}
