using System.CommandLine;
using System.Text;
using Parcours.Application.Identity;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary><c>parcours identity rewrap</c>: rotation of the identity store's master key (see docs/privacy.md).</summary>
public static class IdentityCommand
{
    public const string NewKeyVariable = "PARCOURS_NEW_MASTER_KEY";

    public static Command Create()
    {
        var identity = new Command("identity", "The identity store (encrypted names, NIR, CAF numbers).");
        identity.Add(Rewrap());
        return identity;
    }

    private static Command Rewrap()
    {
        var stateDir = new Option<string?>("--state-dir") { Description = "Folder of the private cluster (when PARCOURS_CONNECTION is unset)." };
        var command = new Command(
            "rewrap",
            $"Rotate the master key: every person's key is re-encrypted with the key in {NewKeyVariable} (base64, 32 bytes). "
            + "Stop the server first; restart every process with the new key.")
        { stateDir };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var text = Environment.GetEnvironmentVariable(NewKeyVariable);
                if (string.IsNullOrWhiteSpace(text))
                {
                    throw new MasterKeyException($"Définissez {NewKeyVariable} (par exemple : export {NewKeyVariable}=$(openssl rand -base64 32)) et conservez-la en lieu sûr.");
                }
                var newKey = MasterKey.FromBase64(text);
                await using var session = await IdentityStoreSession.OpenAsync(parse.GetValue(stateDir), new IdentityStoreOptions(), ct);
                var oldId = session.Store.MasterKeyId;
                var count = await session.Store.RewrapAsync(newKey, ct);
                AnsiConsole.MarkupLineInterpolated($"{count:N0} clé(s) de personne rechiffrée(s) : clé maîtresse {oldId} remplacée par {newKey.Id}.");
                if (session.KeyFile is { } file)
                {
                    File.WriteAllText(file, newKey.ToBase64(), Encoding.ASCII); // the file exists with mode 0600, kept on overwrite
                    AnsiConsole.MarkupLineInterpolated($"Le fichier {file} contient la nouvelle clé.");
                }
                else
                {
                    AnsiConsole.MarkupLineInterpolated($"Donnez maintenant la nouvelle clé à {MasterKeyProvider.Variable} pour chaque processus Parcours.");
                }
                AnsiConsole.MarkupLine("Détruisez l'ancienne clé et ses copies : les sauvegardes antérieures deviennent illisibles.");
                return 0;
            }
            catch (FormatException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{NewKeyVariable} : {e.Message}[/]");
                return 2;
            }
            catch (Exception e) when (e is MasterKeyException or IdentityStoreException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }
        });
        return command;
    }
}
