using static Parcours.EventStore.Internal.Sql;

namespace Parcours.EventStore;

/// <summary>An append already made under an idempotency key: the stream it went to and the version it left.</summary>
public sealed record KeyedAppend(StreamId StreamId, long FirstVersion, long StreamVersion);

public sealed partial class EventStore
{
    /// <summary>
    /// The committed append made under <paramref name="key"/> for <paramref name="tenant"/>, or null. Lets a caller that
    /// decides before appending (and whose retry would now decide differently, the step being already recorded) answer a
    /// retried request as the first one was answered. An append in flight is not visible until it commits; a racing
    /// retry then reaches <see cref="AppendAsync(TenantId, StreamId, string, ExpectedVersion, IReadOnlyList{object}, EventMetadata, string?, CancellationToken)"/>,
    /// which waits for it and replays its result.
    /// </summary>
    public async Task<KeyedAppend?> FindKeyedAppendAsync(TenantId tenant, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var command = dataSource.CreateCommand(
            $"SELECT stream_id, first_version, last_version FROM {S}.idempotency_keys WHERE tenant = $1 AND key = $2 AND last_version IS NOT NULL");
        command.Parameters.Add(Text(RequireValid(tenant).Code));
        command.Parameters.Add(Text(key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new KeyedAppend(new StreamId(reader.GetGuid(0)), reader.GetInt32(1), reader.GetInt32(2)) : null;
    }
}
