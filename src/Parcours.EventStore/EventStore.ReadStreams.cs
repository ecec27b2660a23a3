using Npgsql;
using NpgsqlTypes;
using static Parcours.EventStore.Internal.Sql;

namespace Parcours.EventStore;

public sealed partial class EventStore
{
    /// <summary>
    /// Reads several whole streams of <paramref name="tenant"/> in one statement, each in version order (projections
    /// re-folding the cases a batch touched). Streams of another tenant, or unknown ids, are absent from the result.
    /// </summary>
    public async Task<IReadOnlyDictionary<StreamId, IReadOnlyList<StoredEvent>>> ReadStreamsAsync(
        TenantId tenant, IReadOnlyCollection<StreamId> streamIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadStreamsAsync(connection, null, tenant, streamIds, cancellationToken);
    }

    /// <summary>The same, on the caller's connection and transaction (an inline projection sees its own transaction's events).</summary>
    public async Task<IReadOnlyDictionary<StreamId, IReadOnlyList<StoredEvent>>> ReadStreamsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, TenantId tenant, IReadOnlyCollection<StreamId> streamIds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamIds);
        await EnsureTenantAsync(tenant, cancellationToken);
        var result = new Dictionary<StreamId, IReadOnlyList<StoredEvent>>();
        if (streamIds.Count == 0) return result;
        await using var command = new NpgsqlCommand(
            $"SELECT {EventColumns} FROM {S}.events WHERE stream_id = ANY($1) AND tenant = $2 ORDER BY stream_id, version",
            connection, transaction)
        {
            Parameters = { Array(streamIds.Select(s => s.Value).Distinct().ToArray(), NpgsqlDbType.Uuid), Text(tenant.Code) },
        };
        foreach (var stored in await ReadEventsAsync(command, cancellationToken))
        {
            if (!result.TryGetValue(stored.StreamId, out var events)) result[stored.StreamId] = events = new List<StoredEvent>();
            ((List<StoredEvent>)events).Add(stored);
        }
        return result;
    }
}
