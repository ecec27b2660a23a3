using System.Diagnostics;

namespace Parcours.EmbeddedPostgres.Internal;

/// <summary>
/// Guarantees that a temporary cluster dies with the process that started it. A ProcessExit handler is
/// not enough: the test host is often killed by its runner right after the last test, before pg_ctl stop
/// returns. So a detached shell (setsid -f, its own session, stdio on /dev/null) polls the owner once a
/// second; when the owner is gone (or a zombie) it stops the server and deletes the state directory. It
/// quits silently when the directory disappears first, i.e. after a normal stop.
/// </summary>
internal static class ExitWatchdog
{
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        owner=$1 pg_ctl=$2 data=$3 state=$4 runas=$5
        alive() { s=$(sed 's/.*) //' "/proc/$owner/stat" 2>/dev/null) && [ "${s%% *}" != Z ]; }
        while [ -d "$state" ] && alive; do sleep 1; done
        [ -d "$state" ] || exit 0
        if [ -n "$runas" ]; then
          runuser -u "$runas" -- "$pg_ctl" stop -D "$data" -m immediate -w -t 30
        else
          "$pg_ctl" stop -D "$data" -m immediate -w -t 30
        fi
        rm -rf -- "$state"
        """;

    public static void Start(ClusterLayout layout, PostgresBinaries binaries, ServiceAccount account)
    {
        var startInfo = new ProcessStartInfo("setsid")
        {
            ArgumentList =
            {
                "-f", "sh", "-c", Script, "parcours-watchdog",
                Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                binaries.PgCtl, layout.DataDirectory, layout.StateDirectory, account.RunAs ?? "",
            },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        using var setsid = Process.Start(startInfo)
            ?? throw new EmbeddedPostgresException("Could not start the watchdog of the temporary cluster (setsid).");
        if (!setsid.WaitForExit(TimeSpan.FromSeconds(10)) || setsid.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"Could not start the watchdog of the temporary cluster (setsid): {setsid.StandardError.ReadToEnd()}");
        }
    }
}
