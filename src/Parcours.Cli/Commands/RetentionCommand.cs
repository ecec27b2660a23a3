using System.CommandLine;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours retention [--tenant X] [--dry-run]</c>: erases the identities whose retention period after the case's exit
/// from the RSA has run out (see docs/privacy.md); events and indicators are untouched. Every erasure is in the access log.
/// </summary>
public static class RetentionCommand
{
    private const int ListedCases = 50;

    public static Command Create()
    {
        var tenant = new Option<string?>("--tenant") { Description = "Département code (31, 2A, 974...). Default: every département with identities." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the identities due for erasure without erasing them." };
        var asOf = new Option<string?>("--as-of") { Description = "Day the periods are measured at (yyyy-mm-dd). Default: today in Paris." };
        var period = new Option<string?>("--period")
        {
            Description = $"Retention period after the exit, ISO 8601 (P2Y, P18M). Default: {IdentityStoreOptions.RetentionVariable}, else P2Y.",
        };
        var stateDir = new Option<string?>("--state-dir") { Description = "Folder of the private cluster (when PARCOURS_CONNECTION is unset). Default: " + DefaultLocations.StateDirectory() };
        var command = new Command("retention", "Erase the identities whose retention period after the exit from the RSA has run out.")
        {
            tenant, dryRun, asOf, period, stateDir,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var options = parse.GetValue(period) is { } text
                    ? new IdentityStoreOptions { RetentionPeriod = IdentityStoreOptions.ParseRetentionPeriod(text, "--period") }
                    : IdentityStoreOptions.FromEnvironment();
                var day = parse.GetValue(asOf) is { } dayText ? ParseDay(dayText) : ParisCalendar.Today(SystemClock.Instance);
                var code = parse.GetValue(tenant) is { } tenantText
                    ? TenantId.TryParse(tenantText, out var id) ? id.Code : throw new ArgumentException($"--tenant : « {tenantText} » n'est pas un code de département.")
                    : null;
                return await RunAsync(code, parse.GetValue(dryRun), day, options, parse.GetValue(stateDir), ct);
            }
            catch (ArgumentException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}[/]");
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

    private static async Task<int> RunAsync(
        string? tenant, bool dryRun, LocalDate asOf, IdentityStoreOptions options, string? stateDir, CancellationToken ct)
    {
        await using var session = await IdentityStoreSession.OpenAsync(stateDir, options, ct);
        var store = session.Store;

        IReadOnlyList<string> tenants = tenant is null ? await store.TenantsAsync(ct) : [tenant];
        AnsiConsole.MarkupLineInterpolated(
            $"Durée de conservation : {options.RetentionPeriod} après la sortie du RSA, au {asOf.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}{(dryRun ? " (simulation : rien n'est effacé)" : "")}.");
        var total = 0;
        foreach (var code in tenants)
        {
            var report = await store.RetentionAsync(code, asOf, dryRun, ct);
            total += report.Cases.Count;
            AnsiConsole.MarkupLineInterpolated(
                $"Département {report.Tenant} : {report.Cases.Count:N0} identité(s) {(dryRun ? "à effacer" : "effacée(s)")}.");
            if (report.StaleSummaries > 0)
            {
                AnsiConsole.MarkupLineInterpolated(
                    $"[yellow]  {report.StaleSummaries:N0} identité(s) laissée(s) de côté : le résumé de leur dossier est absent ou en retard sur ses événements (reconstruire les modèles de lecture).[/]");
            }
            if (dryRun)
            {
                foreach (var c in report.Cases.Take(ListedCases))
                {
                    AnsiConsole.MarkupLineInterpolated(
                        $"  dossier {c.Case} : sorti le {c.ExitedOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}, à effacer depuis le {c.DueOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}");
                }
                if (report.Cases.Count > ListedCases)
                {
                    AnsiConsole.MarkupLineInterpolated($"  … et {report.Cases.Count - ListedCases:N0} autre(s).");
                }
            }
        }
        if (tenants.Count == 0)
        {
            AnsiConsole.MarkupLine("Aucune identité enregistrée.");
        }
        else if (!dryRun && total > 0)
        {
            AnsiConsole.MarkupLine("Les effacements sont inscrits au journal des accès (auteur « parcours retention »).");
        }
        return 0;
    }

    private static LocalDate ParseDay(string text) =>
        LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } parsed
            ? parsed.Value
            : throw new ArgumentException($"--as-of : « {text} » n'est pas une date (attendu : aaaa-mm-jj).");
}
