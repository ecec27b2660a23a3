using Npgsql;

namespace Parcours.Application.Hosting;

/// <summary>Creating and dropping whole databases on a server (the demo's, a benchmark's scratch database).</summary>
public static class DatabaseAdmin
{
    /// <summary>
    /// Drops <paramref name="database"/> if it exists and creates it empty; returns a connection string to it.
    /// <paramref name="serverConnection"/> must be allowed to create databases.
    /// </summary>
    public static async Task<string> RecreateAsync(string serverConnection, string database, CancellationToken cancellationToken = default)
    {
        await DropAsync(serverConnection, database, cancellationToken);
        await ExecuteAsync(serverConnection, $"CREATE DATABASE {Quote(database)}", cancellationToken);
        return new NpgsqlConnectionStringBuilder(serverConnection) { Database = database }.ConnectionString;
    }

    /// <summary>
    /// Creates <paramref name="database"/> unless it exists (a concurrent creation counts as existing); returns a
    /// connection string to it. <paramref name="serverConnection"/> must be allowed to create databases.
    /// </summary>
    public static async Task<string> EnsureExistsAsync(string serverConnection, string database, CancellationToken cancellationToken = default)
    {
        var name = Quote(database);
        var builder = new NpgsqlConnectionStringBuilder(serverConnection) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", connection)
        {
            Parameters = { new() { Value = database } },
        };
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            try
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
            }
        }
        return new NpgsqlConnectionStringBuilder(serverConnection) { Database = database }.ConnectionString;
    }

    public static Task DropAsync(string serverConnection, string database, CancellationToken cancellationToken = default)
    {
        NpgsqlConnection.ClearAllPools();
        return ExecuteAsync(serverConnection, $"DROP DATABASE IF EXISTS {Quote(database)} WITH (FORCE)", cancellationToken);
    }

    private static async Task ExecuteAsync(string serverConnection, string sql, CancellationToken cancellationToken)
    {
        // Connect to the maintenance database: one cannot drop the database one is connected to.
        var builder = new NpgsqlConnectionStringBuilder(serverConnection) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string database) =>
        database.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            ? $"\"{database}\""
            : throw new ArgumentException($"Database name \"{database}\" must be lower-case letters, digits and underscores.", nameof(database));
}
