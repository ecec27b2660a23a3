using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Parcours.EmbeddedPostgres;

/// <summary>
/// The three PostgreSQL server programs the embedded server needs (initdb, pg_ctl, postgres), all taken
/// from one directory so that their versions agree.
/// </summary>
public sealed partial record PostgresBinaries(string Directory, Version Version)
{
    public const int MinimumMajorVersion = 15;

    /// <summary>The conventional root of Debian/Ubuntu server packages: one <c>&lt;major&gt;/bin</c> per version.</summary>
    public const string DebianLibraryRoot = "/usr/lib/postgresql";

    private static readonly string[] Programs = ["initdb", "pg_ctl", "postgres"];

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public string Postgres => Path.Combine(Directory, "postgres");

    /// <summary>
    /// Searches each directory of PATH, then the highest <c>/usr/lib/postgresql/&lt;n&gt;/bin</c>.
    /// </summary>
    public static PostgresBinaries Locate() =>
        Locate(
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries),
            DebianLibraryRoot);

    /// <summary>Searches the given directories in order, then the highest version under <paramref name="libraryRoot"/>.</summary>
    public static PostgresBinaries Locate(IEnumerable<string> searchPath, string libraryRoot)
    {
        var candidates = searchPath.Concat(VersionedBinDirectories(libraryRoot)).ToList();
        foreach (var directory in candidates)
        {
            if (Programs.All(p => File.Exists(Path.Combine(directory, p))))
            {
                return FromDirectory(ResolveRealDirectory(directory));
            }
        }

        throw new EmbeddedPostgresException(
            $"PostgreSQL server programs ({string.Join(", ", Programs)}) not found. Searched PATH " +
            $"({(candidates.Count == 0 ? "empty" : string.Join(Path.PathSeparator, candidates))}) and {libraryRoot}/<version>/bin. " +
            $"Install PostgreSQL {MinimumMajorVersion} or later (Debian: apt-get install postgresql), " +
            "or set PARCOURS_CONNECTION / PARCOURS_TEST_CONNECTION to use an existing server.");
    }

    /// <summary>Uses exactly this directory; fails if a program is missing or the version is below 15.</summary>
    public static PostgresBinaries FromDirectory(string directory)
    {
        var missing = Programs.Where(p => !File.Exists(Path.Combine(directory, p))).ToList();
        if (missing.Count > 0)
        {
            throw new EmbeddedPostgresException(
                $"PostgreSQL binaries directory '{directory}' lacks {string.Join(", ", missing)}.");
        }

        var version = ReadVersion(Path.Combine(directory, "pg_ctl"));
        if (version.Major < MinimumMajorVersion)
        {
            throw new EmbeddedPostgresException(
                $"PostgreSQL {version} found in '{directory}', but Parcours needs {MinimumMajorVersion} or later.");
        }

        return new PostgresBinaries(directory, version);
    }

    private static IEnumerable<string> VersionedBinDirectories(string libraryRoot)
    {
        if (!System.IO.Directory.Exists(libraryRoot))
        {
            return [];
        }

        return System.IO.Directory.EnumerateDirectories(libraryRoot)
            .Select(d => (Directory: d, Major: int.TryParse(Path.GetFileName(d), out var major) ? major : -1))
            .Where(d => d.Major >= 0)
            .OrderByDescending(d => d.Major)
            .Select(d => Path.Combine(d.Directory, "bin"));
    }

    /// <summary>/usr/local/bin/pg_ctl is often a symlink: use the directory it points into, where initdb's siblings live.</summary>
    private static string ResolveRealDirectory(string directory)
    {
        var target = new FileInfo(Path.Combine(directory, "pg_ctl")).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? directory : Path.GetDirectoryName(target.FullName)!;
    }

    private static Version ReadVersion(string pgCtl)
    {
        var startInfo = new ProcessStartInfo(pgCtl, "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(startInfo)
            ?? throw new EmbeddedPostgresException($"Could not run '{pgCtl} --version'.");
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
            throw new EmbeddedPostgresException($"'{pgCtl} --version' did not answer within 10 s.");
        }

        var match = VersionPattern().Match(output);
        return match.Success
            ? new Version(int.Parse(match.Groups[1].Value), match.Groups[2].Success ? int.Parse(match.Groups[2].Value) : 0)
            : throw new EmbeddedPostgresException($"Could not read a version from '{pgCtl} --version': {output.Trim()}");
    }

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")]
    private static partial Regex VersionPattern();
}
