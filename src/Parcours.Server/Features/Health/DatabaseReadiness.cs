using System.Net.Sockets;
using Npgsql;
using Parcours.EventStore.Schema;

namespace Parcours.Server.Features.Health;

/// <summary>Whether the database answers and carries the event store schema at <see cref="EventStoreSchema.CurrentVersion"/>.</summary>
public sealed record DatabaseReadiness(int? SchemaVersion, string? Problem)
{
    /// <summary>A probe must answer before the orchestrator gives up on it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public int ExpectedSchemaVersion => EventStoreSchema.CurrentVersion;

    public bool IsReady => Problem is null;

    public static async Task<DatabaseReadiness> CheckAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        int version;
        try
        {
            await using var command = dataSource.CreateCommand(
                $"SELECT coalesce(max(version), 0) FROM {EventStoreSchema.Name}.schema_version");
            version = (int)(await command.ExecuteScalarAsync(timeout.Token))!;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return new DatabaseReadiness(0, "Le schéma du magasin d'événements n'est pas encore créé.");
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException
                                   || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new DatabaseReadiness(null, "La base de données ne répond pas.");
        }

        return version == EventStoreSchema.CurrentVersion
            ? new DatabaseReadiness(version, null)
            : new DatabaseReadiness(version,
                $"Le schéma de la base est en version {version}, alors que ce serveur attend la version {EventStoreSchema.CurrentVersion}.");
    }
}
