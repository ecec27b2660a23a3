using System.Text;

namespace Parcours.EmbeddedPostgres.Internal;

/// <summary>Files and directories readable by their owner only (the embedded server is Linux-only: runuser, /proc).</summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotSupported();
        }

        Directory.CreateDirectory(path, OwnerOnly);
    }

    public static void WriteSecret(string path, string content)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotSupported();
        }

        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var writer = new StreamWriter(path, Encoding.ASCII, options);
        writer.Write(content);
    }

    private static PlatformNotSupportedException NotSupported() =>
        new("The embedded PostgreSQL server runs on Linux only; set PARCOURS_CONNECTION instead.");
}
