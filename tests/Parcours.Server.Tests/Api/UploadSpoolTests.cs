using Parcours.Server.Features.Imports.Uploading;

namespace Parcours.Server.Tests.Api;

/// <summary>An uploaded flux (identities) never outlives a server that died while importing it.</summary>
public sealed class UploadSpoolTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"parcours-spool-test-{Guid.NewGuid():N}");

    [Fact]
    public void A_new_server_removes_the_files_of_dead_servers_and_keeps_those_of_live_ones()
    {
        var spool = new UploadSpool(root);
        var mine = spool.NewFile();
        File.WriteAllText(mine, "<flux en cours/>");
        var dead = Leftover(4_000_001, 2);
        var alive = Leftover(4_000_002, 1);
        Directory.CreateDirectory(Path.Combine(root, "not-a-process"));

        var removed = spool.RemoveOrphans(isRunning: pid => pid == 4_000_002);

        removed.ShouldBe(2);
        Directory.Exists(dead).ShouldBeFalse();
        Directory.Exists(alive).ShouldBeTrue();
        File.Exists(mine).ShouldBeTrue();
        Directory.Exists(Path.Combine(root, "not-a-process")).ShouldBeTrue();
    }

    [Fact]
    public void The_spool_folders_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var file = new UploadSpool(root).NewFile();

        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        File.GetUnixFileMode(root).ShouldBe(owner);
        File.GetUnixFileMode(Path.GetDirectoryName(file)!).ShouldBe(owner);
        Path.GetFileName(Path.GetDirectoryName(file)).ShouldBe(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_real_process_that_has_exited_counts_as_dead()
    {
        using var child = System.Diagnostics.Process.Start("true")!;
        child.WaitForExit();
        var folder = Leftover(child.Id, 1);

        new UploadSpool(root).RemoveOrphans().ShouldBe(1);
        Directory.Exists(folder).ShouldBeFalse();
    }

    private string Leftover(int pid, int files)
    {
        var folder = Path.Combine(root, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        for (var i = 0; i < files; i++) File.WriteAllText(Path.Combine(folder, $"flux-{i}.xml"), "<identités/>");
        return folder;
    }

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}
