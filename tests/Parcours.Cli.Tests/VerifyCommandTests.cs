using Parcours.Application.Reporting.Exports;

namespace Parcours.Cli.Tests;

/// <summary><c>parcours verify</c> end to end: intact chains exit 0; an event altered in SQL is named and exits 1.</summary>
public sealed class VerifyCommandTests(SmallDepartement db) : IClassFixture<SmallDepartement>
{
    [Fact]
    public async Task Intact_chains_exit_0_and_an_event_edited_by_hand_is_reported_with_its_case_and_version()
    {
        var events = SmallDepartement.People.Sum(p => p.Events.Count);

        var intact = await Cli.RunAsync(db.ConnectionString, "verify", "--tenant", "31");

        intact.ExitCode.ShouldBe(0, intact.Error);
        intact.Output.ShouldContain($"{ReportFormat.Grouped(SmallDepartement.People.Count)} dossiers, {ReportFormat.Grouped(events)} événements vérifiés");
        intact.Output.ShouldContain("toutes les chaînes sont intactes");

        var victim = SmallDepartement.People.Skip(SmallDepartement.People.Count / 3).First(p => p.Events.Count >= 3);
        await using (var command = db.DataSource.CreateCommand("UPDATE parcours.events SET recorded_by = 'quelqu''un' WHERE stream_id = $1 AND version = 2"))
        {
            command.Parameters.AddWithValue(victim.CaseId.Value);
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var broken = await Cli.RunAsync(db.ConnectionString, "verify", "--tenant", "31");

        broken.ExitCode.ShouldBe(1);
        broken.Output.ShouldContain("1 chaîne rompue.");
        var line = broken.Output.Split('\n').Single(l => l.Contains(victim.CaseId.Value.ToString()));
        line.ShouldContain("│ 2 ");
        line.ShouldContain("événement modifié");

        var replay = await Cli.RunAsync(db.ConnectionString, "replay", "--tenant", "31", "--case", victim.CaseId.Value.ToString());
        replay.ExitCode.ShouldBe(1);
        replay.Output.ShouldContain("rompue à la version 2");
    }

    [Fact]
    public async Task An_unknown_departement_is_refused()
    {
        var run = await Cli.RunAsync(db.ConnectionString, "verify", "--tenant", "2A");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("Le département 2A n'est pas enregistré");
    }
}
