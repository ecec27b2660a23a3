using Npgsql;
using NodaTime;
using Parcours.EventStore.Internal;
using static Parcours.EventStore.Internal.Sql;

namespace Parcours.EventStore.Projections;

/// <summary>
/// Where each asynchronous projection stands in the global log, per tenant (or for all tenants). Save the checkpoint
/// in the same transaction as the projection's rows, so that both move together.
/// </summary>
public sealed class ProjectionCheckpoints(NpgsqlDataSource dataSource, IClock clock)
{
    private const string Table = $"{Schema.EventStoreSchema.Name}.projection_checkpoints";

    /// <summary>The saved position, or the start of the log.</summary>
    public async Task<GlobalPosition> LoadAsync(string projection, TenantId? tenant, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT xact_id::text, seq FROM {Table} WHERE projection = $1 AND tenant = $2");
        command.Parameters.Add(Text(projection));
        command.Parameters.Add(Text(tenant?.Code ?? ""));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new GlobalPosition(ulong.Parse(reader.GetString(0)), reader.GetInt64(1))
            : GlobalPosition.Start;
    }

    /// <summary>Saves the position inside the caller's transaction.</summary>
    public async Task SaveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string projection, TenantId? tenant, GlobalPosition position,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projection);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {Table} (projection, tenant, xact_id, seq, updated_at) VALUES ($1, $2, $3::text::xid8, $4, $5)
            ON CONFLICT (projection, tenant) DO UPDATE SET xact_id = excluded.xact_id, seq = excluded.seq, updated_at = excluded.updated_at
            """, connection, transaction)
        {
            Parameters =
            {
                Text(projection), Text(tenant?.Code ?? ""),
                Text(position.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Bigint(position.Sequence), Timestamp(clock.GetCurrentInstant()),
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
