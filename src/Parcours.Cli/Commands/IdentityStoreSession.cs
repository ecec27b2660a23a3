using Npgsql;
using NodaTime;
using Parcours.Application.Identity;
using Parcours.EmbeddedPostgres;
using Parcours.Server.Hosting;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// The identity store of the application's database, as the CLI verbs open it: PARCOURS_CONNECTION or the private
/// PostgreSQL, the master key from PARCOURS_MASTER_KEY or (private PostgreSQL only) its key file, schema ensured and key
/// checked. Disposing stops the private PostgreSQL if it was started here.
/// </summary>
internal sealed class IdentityStoreSession : IAsyncDisposable
{
    private readonly ApplicationDatabase _database;
    private readonly NpgsqlDataSource _dataSource;

    private IdentityStoreSession(ApplicationDatabase database, NpgsqlDataSource dataSource, PostgresIdentityStore store, string? keyFile)
    {
        _database = database;
        _dataSource = dataSource;
        Store = store;
        KeyFile = keyFile;
    }

    public PostgresIdentityStore Store { get; }

    /// <summary>The key file the master key was read from; null when it came from PARCOURS_MASTER_KEY.</summary>
    public string? KeyFile { get; }

    public static void Log(string line) => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]");

    public static async Task<IdentityStoreSession> OpenAsync(string? stateDir, IdentityStoreOptions options, CancellationToken ct)
    {
        var database = await ApplicationDatabase.ResolveAsync(stateDir, Log, ct);
        try
        {
            // The key file is only for the private cluster: with PARCOURS_CONNECTION the key must come from PARCOURS_MASTER_KEY.
            var embedded = DatabaseConnection.FromEnvironment(DatabaseConnection.ApplicationVariable) is null;
            var stateDirectory = embedded ? EmbeddedPostgresOptions.Persistent(stateDir).StateDirectory : null;
            var key = MasterKeyProvider.Resolve(stateDirectory, log: Log);
            var fromFile = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(MasterKeyProvider.Variable)) && stateDirectory is not null;
            var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
            var store = new PostgresIdentityStore(dataSource, key, SystemClock.Instance, options);
            var session = new IdentityStoreSession(database, dataSource, store, fromFile ? Path.Combine(stateDirectory!, MasterKeyProvider.FileName) : null);
            try
            {
                await store.EnsureSchemaAsync(ct);
                return session;
            }
            catch
            {
                await dataSource.DisposeAsync(); // the database is released below
                throw;
            }
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
