using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Parcours.EventStore.Internal;
using static Parcours.EventStore.Internal.Sql;

namespace Parcours.EventStore;

public sealed partial class EventStore
{
    /// <summary>
    /// Reads several whole streams of <paramref name="tenant"/> in one statement, each in version order (projections
    /// re-folding the cases a batch touched). Streams of another tenant, or unknown ids, are absent from the result.
    /// </summary>
    /// <param name="recordedBefore">Only the events recorded strictly before this instant: what was known at an instant
    /// needs no later event, so they are neither read nor decoded.</param>
    public async Task<IReadOnlyDictionary<StreamId, IReadOnlyList<StoredEvent>>> ReadStreamsAsync(
        TenantId tenant, IReadOnlyCollection<StreamId> streamIds, CancellationToken cancellationToken = default, Instant? recordedBefore = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadStreamsAsync(connection, null, tenant, streamIds, cancellationToken, recordedBefore);
    }

    /// <summary>The same, on the caller's connection and transaction (an inline projection sees its own transaction's events).</summary>
    public async Task<IReadOnlyDictionary<StreamId, IReadOnlyList<StoredEvent>>> ReadStreamsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, TenantId tenant, IReadOnlyCollection<StreamId> streamIds,
        CancellationToken cancellationToken = default, Instant? recordedBefore = null)
    {
        ArgumentNullException.ThrowIfNull(streamIds);
        await EnsureTenantAsync(tenant, cancellationToken);
        var result = new Dictionary<StreamId, IReadOnlyList<StoredEvent>>();
        if (streamIds.Count == 0) return result;
        await using var command = new NpgsqlCommand(
            $"SELECT {EventColumns} FROM {S}.events WHERE stream_id = ANY($1) AND tenant = $2"
            + (recordedBefore is null ? "" : " AND recorded_at < $3") + " ORDER BY stream_id, version",
            connection, transaction)
        {
            Parameters = { Array(streamIds.Select(s => s.Value).Distinct().ToArray(), NpgsqlDbType.Uuid), Text(tenant.Code) },
        };
        // Recording instants are stored to the microsecond: before the instant rounded up to one is exactly before the instant.
        if (recordedBefore is { } before) command.Parameters.Add(Timestamp(PgTime.CeilingToMicroseconds(before)));
        foreach (var stored in await ReadEventsAsync(command, cancellationToken))
        {
            if (!result.TryGetValue(stored.StreamId, out var events)) result[stored.StreamId] = events = new List<StoredEvent>();
            ((List<StoredEvent>)events).Add(stored);
        }
        return result;
    }
}
