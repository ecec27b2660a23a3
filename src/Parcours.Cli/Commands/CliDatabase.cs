using System.CommandLine;
using Npgsql;
using NodaTime;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Server.Hosting;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// The database the reading verbs (report, replay, verify) work on: the one PARCOURS_CONNECTION names, or else a
/// database of the private PostgreSQL (<c>parcours</c>, the server's, unless <c>--database</c> names another, e.g.
/// <c>parcours_demo</c>). Nothing is created: a missing database or an unknown département is a clear error.
/// </summary>
public sealed class CliDatabase : IAsyncDisposable
{
    private readonly ResolvedServer server;

    private CliDatabase(ResolvedServer server, NpgsqlDataSource dataSource, ReadModels models)
    {
        this.server = server;
        DataSource = dataSource;
        Models = models;
    }

    public NpgsqlDataSource DataSource { get; }

    public ReadModels Models { get; }

    public static Option<string> TenantOption() => new("--tenant")
    {
        Description = "Code of the département (e.g. 31, 2A, 974).",
        Required = true,
    };

    public static Option<string?> DatabaseOption() => new("--database")
    {
        Description = $"Database to read (default: that of PARCOURS_CONNECTION, else '{ApplicationDatabase.EmbeddedDatabaseName}' on the private PostgreSQL; the demo writes 'parcours_demo').",
    };

    public static Option<string?> StateDirOption() => new("--state-dir")
    {
        Description = "Folder of the private cluster (when PARCOURS_CONNECTION is unset). Default: " + DefaultLocations.StateDirectory(),
    };

    /// <summary>The département code, or a <see cref="CommandFailure"/> saying what a code looks like.</summary>
    public static TenantId ParseTenant(string? code) =>
        TenantId.TryParse(code, out var tenant)
            ? tenant
            : throw new CommandFailure($"--tenant : « {code} » n'est pas un code de département (01 à 95 sauf 20, 2A, 2B, 971 à 976).");

    /// <summary>Opens the database (read models wired, schemas up to date) and checks that the tenant is registered.</summary>
    public static async Task<CliDatabase> OpenAsync(
        string? stateDirectory, string? database, TenantId tenant, IAnsiConsole log, CancellationToken ct)
    {
        var server = await DatabaseConnection.ResolveAsync(
            DatabaseConnection.ApplicationVariable,
            EmbeddedPostgresOptions.Persistent(stateDirectory) with { Log = line => log.MarkupLineInterpolated($"[grey]{line}[/]") },
            ct);
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { ApplicationName = "parcours-cli" };
            if (database is not null) builder.Database = database;
            else if (server.Embedded is not null) builder.Database = ApplicationDatabase.EmbeddedDatabaseName;
            var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
            try
            {
                var models = await ReadModels.OpenAsync(dataSource, SystemClock.Instance, ct: ct);
                await models.Store.EnsureTenantAsync(tenant, ct);
                return new CliDatabase(server, dataSource, models);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                await dataSource.DisposeAsync();
                throw new CommandFailure($"La base « {builder.Database} » n'existe pas (la démonstration écrit dans « parcours_demo » : --database parcours_demo).");
            }
            catch (UnknownTenantException)
            {
                await dataSource.DisposeAsync();
                throw new CommandFailure($"Le département {tenant} n'est pas enregistré dans la base « {builder.Database} ».");
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await server.DisposeAsync();
    }
}
