using Npgsql;
using Parcours.EventStore;
using Parcours.EventStore.Schema;

namespace Parcours.Projections;

/// <summary>
/// A REPEATABLE READ, read-only transaction on the log, and the global reader's position in it: every event at or before
/// <see cref="Position"/> is visible in this snapshot and no event at or before it can ever appear later (see
/// <c>EventStore.ReadAll.cs</c>). Read-only, it takes no transaction id, so however long it lasts it holds back neither
/// writers nor the global reader. Used by the rebuild and the monthly closing, which must read a fixed state of the log.
/// </summary>
internal sealed class LogSnapshot : IAsyncDisposable
{
    private LogSnapshot(NpgsqlConnection connection, NpgsqlTransaction transaction, GlobalPosition position)
    {
        Connection = connection;
        Transaction = transaction;
        Position = position;
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }
    public GlobalPosition Position { get; }

    public static async Task<LogSnapshot> BeginAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            await using var command = new NpgsqlCommand(
                $"""
                SET TRANSACTION READ ONLY;
                SELECT e.xact_id::text AS xact_text, e.seq FROM {EventStoreSchema.Name}.events e WHERE e.xact_id < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY e.xact_id DESC, e.seq DESC LIMIT 1
                """, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var position = await reader.ReadAsync(ct) ? new GlobalPosition(ulong.Parse(reader.GetString(0)), reader.GetInt64(1)) : GlobalPosition.Start;
            return new LogSnapshot(connection, transaction, position);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken ct) => Transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
