using System.CommandLine;
using System.Globalization;
using NodaTime;
using Npgsql;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Server.Hosting;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// What the read-model verbs share: the application's database (PARCOURS_CONNECTION, or else the <c>parcours</c>
/// database of the private PostgreSQL, as <c>parcours serve</c> uses), the store and read models opened on it, and
/// bad input (an unknown tenant, a malformed month) reported as a French message with exit code 2.
/// </summary>
internal static class ReadModelCommands
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static Option<string?> StateDirectory() => new("--state-dir")
    {
        Description = "Folder of the private cluster (when PARCOURS_CONNECTION is unset). Default: " + DefaultLocations.StateDirectory(),
    };

    public static Option<string> Tenant(bool required) => new("--tenant")
    {
        Description = "Département code of the tenant (e.g. 31, 2A, 974).",
        Required = required,
    };

    /// <summary>Opens the read models on the application's database and runs <paramref name="action"/>; returns its exit code.</summary>
    public static async Task<int> RunAsync(string? stateDirectory, Func<ReadModels, NpgsqlDataSource, Task<int>> action, CancellationToken ct)
    {
        try
        {
            await using var database = await ApplicationDatabase.ResolveAsync(stateDirectory, line => Console.Error.WriteLine(line), ct);
            await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
            var models = await ReadModels.OpenAsync(dataSource, SystemClock.Instance, ct: ct);
            return await action(models, dataSource);
        }
        catch (UnknownTenantException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Erreur :[/] le département {e.Tenant} n'est pas enregistré dans cette base.");
            return 2;
        }
        catch (FormatException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Erreur :[/] {e.Message}");
            return 2;
        }
    }

    /// <summary>A tenant code, or a clear error.</summary>
    public static TenantId ParseTenant(string code) =>
        TenantId.TryParse(code, out var tenant)
            ? tenant
            : throw new FormatException($"« {code} » n'est pas un code de département (01 à 95 sauf 20, 2A, 2B, 971 à 976).");

    /// <summary>A month written yyyy-MM, or a clear error.</summary>
    public static YearMonth ParseMonth(string text) =>
        NodaTime.Text.YearMonthPattern.Iso.Parse(text) is { Success: true } parsed
            ? parsed.Value
            : throw new FormatException($"« {text} » n'est pas un mois au format AAAA-MM (par exemple 2025-06).");
}
