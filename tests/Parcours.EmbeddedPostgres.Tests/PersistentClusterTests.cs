using System.Diagnostics;

namespace Parcours.EmbeddedPostgres.Tests;

/// <summary>A persistent cluster per test, in its own directory, stopped and deleted afterwards.</summary>
public sealed class PersistentClusterTests : IAsyncLifetime
{
    private readonly string stateDirectory = Observe.NewStateDirectory();

    private EmbeddedPostgresOptions Options => EmbeddedPostgresOptions.Persistent(stateDirectory);

    [Fact]
    public async Task Restart_KeepsTheData()
    {
        await using (var first = await EmbeddedPostgres.StartAsync(Options))
        {
            await Observe.ExecuteAsync(first.ConnectionString, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
        }

        await using var second = await EmbeddedPostgres.StartAsync(Options);

        second.WasAlreadyRunning.ShouldBeFalse();
        (await Observe.ScalarAsync<int>(second.ConnectionString, "SELECT id FROM kept")).ShouldBe(7);
        (await Observe.ScalarAsync<string>(second.ConnectionString, "SHOW fsync")).ShouldBe("on");
    }

    [Fact]
    public async Task Start_AfterThePostmasterWasKilled_RemovesTheStaleLockAndStarts()
    {
        var crashed = await EmbeddedPostgres.StartAsync(Options);
        Process.GetProcessById(crashed.Pid).Kill();
        File.Exists(Path.Combine(crashed.DataDirectory, "postmaster.pid")).ShouldBeTrue();

        await using var recovered = await EmbeddedPostgres.StartAsync(Options);

        recovered.WasAlreadyRunning.ShouldBeFalse();
        recovered.Pid.ShouldNotBe(crashed.Pid);
        (await Observe.ScalarAsync<int>(recovered.ConnectionString, "SELECT 1")).ShouldBe(1);
    }

    [Fact]
    public async Task StartTwice_AttachesToTheRunningServer_OnTheSamePort()
    {
        await using var owner = await EmbeddedPostgres.StartAsync(Options);

        var attached = await EmbeddedPostgres.StartAsync(Options);
        await attached.DisposeAsync();

        attached.WasAlreadyRunning.ShouldBeTrue();
        attached.Port.ShouldBe(owner.Port);
        attached.Pid.ShouldBe(owner.Pid);
        // Disposing the attached handle leaves the owner's server running.
        (await Observe.ScalarAsync<int>(owner.ConnectionString, "SELECT 1")).ShouldBe(1);
    }

    [Fact]
    public async Task DetachedStart_OutlivesItsHandle_UntilStoppedByDirectory()
    {
        EmbeddedPostgres.Status(stateDirectory).ShouldBe(
            new PostgresStatus(false, null, null, Path.Combine(stateDirectory, "data"), null));

        var detached = await EmbeddedPostgres.StartAsync(Options with { Detached = true });
        await detached.DisposeAsync();

        var running = EmbeddedPostgres.Status(stateDirectory);
        running.IsRunning.ShouldBeTrue();
        running.Pid.ShouldBe(detached.Pid);
        running.Port.ShouldBe(detached.Port);
        running.ClusterVersion.ShouldBe(PostgresBinaries.Locate().Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture));

        (await EmbeddedPostgres.StopAsync(stateDirectory)).ShouldBeTrue();

        var stopped = EmbeddedPostgres.Status(stateDirectory);
        stopped.IsRunning.ShouldBeFalse();
        stopped.ClusterVersion.ShouldBe(PostgresBinaries.Locate().Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Observe.IsAlive(detached.Pid).ShouldBeFalse();
        (await EmbeddedPostgres.StopAsync(stateDirectory)).ShouldBeFalse();
    }

    [Fact]
    public async Task Start_InADirectoryHoldingSomethingElse_Refuses()
    {
        Directory.CreateDirectory(Path.Combine(stateDirectory, "data"));
        await File.WriteAllTextAsync(Path.Combine(stateDirectory, "data", "precious.txt"), "not a cluster");

        var error = await Should.ThrowAsync<EmbeddedPostgresException>(() => EmbeddedPostgres.StartAsync(Options));

        error.Message.ShouldContain("holds no PostgreSQL cluster");
        File.Exists(Path.Combine(stateDirectory, "data", "precious.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task Start_AsRoot_UnderADirectoryTheServiceUserCannotEnter_SaysWhy()
    {
        if (!Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
        {
            return; // Only root hands the cluster to another user.
        }

        // Like /root: a parent of mode 700 owned by root.
        Directory.CreateDirectory(stateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var inside = Path.Combine(stateDirectory, "cluster");

        var error = await Should.ThrowAsync<EmbeddedPostgresException>(
            () => EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Persistent(inside)));

        error.Message.ShouldContain("cannot reach");
        error.Message.ShouldContain(inside);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await EmbeddedPostgres.StopAsync(stateDirectory);
        if (Directory.Exists(stateDirectory))
        {
            Directory.Delete(stateDirectory, recursive: true);
        }
    }
}
