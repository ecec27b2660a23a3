using Parcours.Cli.Chaos;
using Parcours.Cli.Commands;
using Xunit.Abstractions;

namespace Parcours.Cli.Tests;

/// <summary>
/// The fault scenarios of <c>parcours chaos</c>, small: each on its own private PostgreSQL with real <c>parcours serve</c>
/// processes on loopback, a bounded keyed load, real faults (SIGKILL, PostgreSQL stopped and started). Every acknowledged
/// command must be in the log exactly once, and the daemons' indicators must equal a computation from scratch.
/// </summary>
public sealed class ChaosTests(ChaosTests.SharedCluster cluster, ITestOutputHelper output) : IClassFixture<ChaosTests.SharedCluster>
{
    /// <summary>One private cluster for the four scenarios (each has its own database; the restart scenario restarts it).</summary>
    public sealed class SharedCluster : IAsyncLifetime
    {
        public ChaosCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await ChaosCluster.StartAsync(null, CancellationToken.None);

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }

    private ChaosOptions Small(int commands = 100, int faults = 1, int people = 120) => new()
    {
        Cluster = cluster.Cluster,
        Commands = commands,
        Duration = TimeSpan.FromSeconds(40),
        Clients = 4,
        Faults = faults,
        People = people,
        Seed = 7,
        Log = output.WriteLine,
    };

    private ChaosReport Check(ChaosReport report)
    {
        output.WriteLine(ChaosCommand.Describe(report));
        report.Failures.ShouldBeEmpty();
        report.Sent.ShouldBeGreaterThan(0);
        report.Acknowledged.ShouldBe(report.Sent);
        report.Found.ShouldBe(report.Acknowledged);
        report.Duplicated.ShouldBe(0);
        return report;
    }

    [Fact]
    public async Task A_server_killed_9_under_load_and_restarted_loses_and_doubles_no_acknowledged_command()
    {
        var report = Check(await ChaosScenarios.RunServerKillAsync(Small(), CancellationToken.None));
        report.Facts["kills"].ShouldBe(1);
        // The kill cut connections: some attempts failed and were retried with their key.
        report.Answers.Keys.ShouldContain(k => k == "connection" || k == "timeout");
    }

    [Fact]
    public async Task While_PostgreSQL_restarts_the_server_answers_503_with_a_code_then_recovers_by_itself()
    {
        var report = Check(await ChaosScenarios.RunPostgresRestartAsync(Small(), CancellationToken.None));
        report.Facts["restarts"].ShouldBe(1);
        report.Facts["outage probes"].ShouldBeGreaterThan(0);
        report.Facts["outage probes 503 coded"].ShouldBe(report.Facts["outage probes"]);
        report.Answers.Keys.Where(k => k.StartsWith('5')).ShouldAllBe(k => k == "503 database.unavailable");
    }

    [Fact]
    public async Task A_server_killed_while_its_daemon_projects_a_batch_ends_with_the_indicators_of_a_computation_from_scratch()
    {
        var report = Check(await ChaosScenarios.RunDaemonKillAsync(Small(), CancellationToken.None));
        report.Facts["kills mid-batch"].ShouldBeGreaterThanOrEqualTo(1);
        report.Facts["events behind at kill 1"].ShouldBeGreaterThan(0);
        report.Facts["indicator cells compared"].ShouldBeGreaterThan(100);
        report.Facts["indicator cells differing"].ShouldBe(0);
    }

    [Fact]
    public async Task Two_servers_with_their_daemons_on_one_database_count_nothing_twice()
    {
        var report = Check(await ChaosScenarios.RunTwoServersAsync(Small(), CancellationToken.None));
        report.Facts["indicator cells compared"].ShouldBeGreaterThan(100);
        report.Facts["indicator cells differing"].ShouldBe(0);
    }
}
