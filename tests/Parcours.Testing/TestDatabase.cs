using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace Parcours.Testing;

/// <summary>
/// Brand-new databases on <see cref="TestPostgres"/>, one per caller (typically one per test class), so
/// that tests share no state. Databases are left in place after the run: on the default temporary server
/// they vanish with it; on a shared server a failing test's rows stay there to inspect.
/// </summary>
public static class TestDatabase
{
    /// <summary>Distinguishes this process's databases from those of other test assemblies on a shared server.</summary>
    private static readonly string RunId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new();

    private static int created;

    /// <summary>
    /// Creates a uniquely named database (named after <paramref name="nameHint"/>) and returns its
    /// connection string. With a <paramref name="templateKey"/>, a template database is first created and
    /// given to <paramref name="initializeTemplate"/> once per process and key (concurrent callers wait for
    /// that single initialisation); each database is then a copy of it. A key names one initialisation: a
    /// later caller's function for the same key is not run.
    /// </summary>
    public static async Task<string> CreateAsync(
        string nameHint, string? templateKey = null, Func<string, Task>? initializeTemplate = null)
    {
        if ((templateKey is null) != (initializeTemplate is null))
        {
            throw new ArgumentException("A template key and its initialisation go together: give both or neither.");
        }

        var server = await TestPostgres.GetConnectionStringAsync();
        var template = templateKey is null
            ? null
            : await Templates.GetOrAdd(
                templateKey,
                key => new Lazy<Task<string>>(() => CreateTemplateAsync(server, key, initializeTemplate!))).Value;

        var suffix = string.Create(CultureInfo.InvariantCulture, $"_{RunId}_{Interlocked.Increment(ref created)}");
        var name = DatabaseNames.WithSuffix(nameHint, suffix);
        await ExecuteAsync(server, template is null ? $"CREATE DATABASE {Quote(name)}" : $"CREATE DATABASE {Quote(name)} TEMPLATE {Quote(template)}");
        return ConnectionStringFor(server, name);
    }

    private static async Task<string> CreateTemplateAsync(string server, string key, Func<string, Task> initialize)
    {
        var name = DatabaseNames.WithSuffix("tpl_" + key, "_" + RunId);
        await ExecuteAsync(server, $"CREATE DATABASE {Quote(name)}");
        var connectionString = ConnectionStringFor(server, name);
        await initialize(connectionString);

        // CREATE DATABASE ... TEMPLATE fails while anyone is connected to the template: close our pooled
        // connections, forbid new ones, and end any left open elsewhere (e.g. by an undisposed data source).
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        await ExecuteAsync(server, $"ALTER DATABASE {Quote(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        await ExecuteAsync(
            server,
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()",
            new NpgsqlParameter("name", name));
        return name;
    }

    private static string ConnectionStringFor(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
