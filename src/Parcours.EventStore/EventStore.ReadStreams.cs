using System.Runtime.CompilerServices;
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
        var result = new Dictionary<StreamId, IReadOnlyList<StoredEvent>>();
        await foreach (var (id, events) in EnumerateStreamsAsync(connection, transaction, tenant, streamIds, recordedBefore, cancellationToken))
            result[id] = events;
        return result;
    }

    /// <summary>
    /// The same streams handed over one at a time as the statement's rows arrive, each complete, in the order of their
    /// ids: a caller working through tens of thousands of streams (a report as known at a past instant) keeps only those
    /// in flight, not all of them, and starts on the first before the last is read.
    /// </summary>
    public async IAsyncEnumerable<(StreamId Id, IReadOnlyList<StoredEvent> Events)> EnumerateStreamsAsync(
        TenantId tenant, IReadOnlyCollection<StreamId> streamIds, Instant? recordedBefore = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await foreach (var stream in EnumerateStreamsAsync(connection, null, tenant, streamIds, recordedBefore, cancellationToken))
            yield return stream;
    }

    private async IAsyncEnumerable<(StreamId Id, IReadOnlyList<StoredEvent> Events)> EnumerateStreamsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, TenantId tenant, IReadOnlyCollection<StreamId> streamIds,
        Instant? recordedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streamIds);
        await EnsureTenantAsync(tenant, cancellationToken);
        if (streamIds.Count == 0) yield break;
        await using var command = new NpgsqlCommand(
            $"SELECT {EventColumns} FROM {S}.events WHERE stream_id = ANY($1) AND tenant = $2"
            + (recordedBefore is null ? "" : " AND recorded_at < $3") + " ORDER BY stream_id, version",
            connection, transaction)
        {
            Parameters = { Array(streamIds.Select(s => s.Value).Distinct().ToArray(), NpgsqlDbType.Uuid), Text(tenant.Code) },
        };
        // Recording instants are stored to the microsecond: before the instant rounded up to one is exactly before the instant.
        if (recordedBefore is { } before) command.Parameters.Add(Timestamp(PgTime.CeilingToMicroseconds(before)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<StoredEvent>? events = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = ToStoredEvent(reader);
            if (events is not null && events[0].StreamId != stored.StreamId)
            {
                yield return (events[0].StreamId, events);
                events = null;
            }
            (events ??= []).Add(stored);
        }
        if (events is not null) yield return (events[0].StreamId, events);
    }
}
