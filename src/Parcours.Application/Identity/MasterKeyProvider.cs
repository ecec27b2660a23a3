using System.Text;

namespace Parcours.Application.Identity;

/// <summary>
/// Where the master key comes from: <c>PARCOURS_MASTER_KEY</c> (base64 of 32 bytes) when set, or the file named by
/// <c>PARCOURS_MASTER_KEY_FILE</c> holding it (a Docker or Kubernetes secret mounted as a file); otherwise, for the
/// embedded PostgreSQL only, a key file in its state directory, generated on first use and readable by its owner only.
/// With an external database (<c>PARCOURS_CONNECTION</c>) the variable is required: a key file on one machine would
/// give another machine a different key.
/// </summary>
public static class MasterKeyProvider
{
    public const string Variable = "PARCOURS_MASTER_KEY";

    /// <summary>The path of a file holding the key in base64 (e.g. <c>/run/secrets/parcours_master_key</c>).</summary>
    public const string FileVariable = "PARCOURS_MASTER_KEY_FILE";

    public const string FileName = "identity-master.key";

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// The key of <see cref="Variable"/> when set (read through <paramref name="environment"/>, the process environment by
    /// default); else the key file of <paramref name="stateDirectory"/> (null: no embedded server, so the variable is required).
    /// </summary>
    public static MasterKey Resolve(string? stateDirectory, Func<string, string?>? environment = null, Action<string>? log = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var value = environment(Variable);
        var source = Variable;
        if (string.IsNullOrWhiteSpace(value) && environment(FileVariable) is { Length: > 0 } file)
        {
            source = $"{FileVariable} ({file})";
            try
            {
                value = File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new MasterKeyException($"{source} : fichier illisible ({e.Message}).");
            }
        }

        if (!string.IsNullOrWhiteSpace(value))
        {
            try
            {
                return MasterKey.FromBase64(value);
            }
            catch (FormatException e)
            {
                throw new MasterKeyException($"{source} est invalide : {e.Message}");
            }
        }

        if (stateDirectory is null)
        {
            throw new MasterKeyException(
                $"{Variable} (ou {FileVariable}) n'est pas définie : elle est obligatoire avec une base de données externe. "
                + "Générez une clé (openssl rand -base64 32), conservez-la en lieu sûr et définissez-la pour chaque processus Parcours.");
        }

        return FromFile(Path.Combine(stateDirectory, FileName), log);
    }

    /// <summary>The key of <paramref name="path"/>, generated there (mode 0600) if the file does not exist yet.</summary>
    public static MasterKey FromFile(string path, Action<string>? log = null)
    {
        if (!File.Exists(path))
        {
            TryCreate(path, log);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOthers) != 0)
        {
            throw new MasterKeyException(
                $"Le fichier de clé maîtresse {path} est lisible par d'autres que son propriétaire : restreignez-le (chmod 600 {path}).");
        }

        try
        {
            return MasterKey.FromBase64(File.ReadAllText(path, Encoding.ASCII));
        }
        catch (FormatException e)
        {
            throw new MasterKeyException($"Le fichier de clé maîtresse {path} est invalide : {e.Message}");
        }
    }

    /// <summary>Writes a new key to a private temporary file, then moves it in place unless another process was first.</summary>
    private static void TryCreate(string path, Action<string>? log)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            throw new MasterKeyException($"Définissez {Variable} : le fichier de clé n'est géré que sous Linux.");
        }
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var temporary = Path.Combine(directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerReadWrite };
        using (var writer = new StreamWriter(temporary, Encoding.ASCII, options))
        {
            writer.Write(MasterKey.Generate().ToBase64());
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            log?.Invoke($"Clé maîtresse des identités créée dans {path} : sauvegardez ce fichier, sans lui les identités sont illisibles.");
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary); // another process created it meanwhile: use theirs
        }
    }
}

/// <summary>The master key is missing, malformed, exposed, or not the one the identities were encrypted with.</summary>
public sealed class MasterKeyException(string message) : Exception(message);
