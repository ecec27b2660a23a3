using Parcours.Application.Reporting.Exports;
using Parcours.Domain.Pathways;
using Parcours.Simulation;

namespace Parcours.Cli.Tests;

/// <summary><c>parcours replay</c> end to end: a case's history with its correction links, and its state at a point.</summary>
public sealed class ReplayCommandTests(SmallDepartement db) : IClassFixture<SmallDepartement>
{
    private static readonly SyntheticPerson Corrected =
        SmallDepartement.People.Where(p => p.Events.Any(e => e.Event is StepCorrected)).OrderByDescending(p => p.Events.Count).First();

    [Fact]
    public async Task The_history_shows_every_event_with_its_dates_actor_and_correction_links_then_the_state_now()
    {
        var run = await Cli.RunAsync(db.ConnectionString, "replay", "--tenant", "31", "--case", Corrected.CaseId.Value.ToString());

        run.ExitCode.ShouldBe(0, run.Error);
        var lines = run.Output.Split('\n');
        for (var i = 0; i < Corrected.Events.Count; i++)
        {
            var e = Corrected.Events[i];
            var version = i + 1;
            var line = lines.Single(l => l.TrimStart('│', ' ').StartsWith($"{version} ", StringComparison.Ordinal));
            line.ShouldContain(ReportFormat.Date(e.Event.BusinessDate));
            line.ShouldContain(ReportFormat.ParisDateTime(e.RecordedAt));
            line.ShouldContain(e.RecordedBy);
            if (e.Event is StepCorrected c)
            {
                line.ShouldContain($"corrige v{c.TargetVersion}");
                lines.Single(l => l.TrimStart('│', ' ').StartsWith($"{c.TargetVersion} ", StringComparison.Ordinal)).ShouldContain($"v{version}");
            }
        }
        run.Output.ShouldContain("Chaîne d'empreintes : intacte.");
        var state = PathwayState.From(Corrected.Events.Select(e => e.ToRecorded()));
        run.Output.ShouldContain($"État du dossier aujourd'hui : phase");
        run.Output.ShouldContain($"{state.Steps.Count} étapes en vigueur, version {state.Version}.");
    }

    [Fact]
    public async Task The_state_at_a_version_or_on_a_business_date_is_the_fold_of_the_events_up_to_that_point()
    {
        var all = Corrected.Events.Select(e => e.ToRecorded()).ToList();
        var half = all.Count / 2;

        var atVersion = await Cli.RunAsync(db.ConnectionString, "replay", "--tenant", "31", "--case", Corrected.CaseId.Value.ToString(), "--version", half.ToString());
        atVersion.ExitCode.ShouldBe(0, atVersion.Error);
        atVersion.Output.ShouldContain($"après l'événement {half}");
        atVersion.Output.ShouldContain($"{PathwayState.From(all.Take(half)).Steps.Count} étapes en vigueur, version {half}.");

        var day = all[half].Event.BusinessDate;
        var onDate = await Cli.RunAsync(db.ConnectionString, "replay", "--tenant", "31", "--case", Corrected.CaseId.Value.ToString(), "--on", ReportFormat.Date(day));
        onDate.ExitCode.ShouldBe(0, onDate.Error);
        var expected = EffectiveHistory.Of(all).Count(s => s.Step.BusinessDate <= day);
        onDate.Output.ShouldContain($"au {ReportFormat.Date(day)}, tel que connu aujourd'hui");
        onDate.Output.ShouldContain($"{expected} étapes en vigueur");
    }

    [Theory]
    [InlineData("--version", "0", "--version")]
    [InlineData("--version", "9999", "--version")]
    [InlineData("--at", "hier", "--at")]
    [InlineData("--on", "2025-02-30", "--on")]
    public async Task A_point_outside_the_case_or_badly_written_is_refused(string option, string value, string message)
    {
        var run = await Cli.RunAsync(db.ConnectionString, "replay", "--tenant", "31", "--case", Corrected.CaseId.Value.ToString(), option, value);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain(message);
    }

    [Fact]
    public async Task Two_points_an_unknown_case_or_a_malformed_id_are_refused()
    {
        var id = Corrected.CaseId.Value.ToString();
        (await Cli.RunAsync(db.ConnectionString, "replay", "--tenant", "31", "--case", id, "--version", "2", "--on", "2025-01-01")).Error.ShouldContain("un seul point");
        var unknown = await Cli.RunAsync(db.ConnectionString, "replay", "--tenant", "31", "--case", Guid.NewGuid().ToString());
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("Aucun dossier");
        (await Cli.RunAsync(db.ConnectionString, "replay", "--tenant", "31", "--case", "12")).Error.ShouldContain("--case");
    }
}
