using System.Buffers;
using System.Text.Json;
using Npgsql;
using NodaTime;
using Parcours.EventStore.Internal;
using static Parcours.EventStore.Internal.Sql;

namespace Parcours.EventStore;

public sealed partial class EventStore
{
    /// <summary>
    /// Reads one stream of <paramref name="tenant"/> in version order: all of it, or up to <paramref name="toVersion"/>,
    /// or only what had been recorded at <paramref name="recordedAtOrBefore"/> ("what was known then").
    /// A stream of another tenant reads as empty.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(
        TenantId tenant, StreamId streamId, long? toVersion = null, Instant? recordedAtOrBefore = null,
        CancellationToken cancellationToken = default)
    {
        await EnsureTenantAsync(tenant, cancellationToken);
        if (toVersion < 0) throw new ArgumentOutOfRangeException(nameof(toVersion), toVersion, "A version cannot be negative.");
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {EventColumns} FROM {S}.events
            WHERE stream_id = $1 AND tenant = $2 AND ($3::integer IS NULL OR version <= $3) AND ($4::timestamptz IS NULL OR recorded_at <= $4)
            ORDER BY version
            """);
        command.Parameters.Add(Uuid(streamId.Value));
        command.Parameters.Add(Text(tenant.Code));
        command.Parameters.Add(Int(toVersion is { } v ? (int)Math.Min(v, int.MaxValue) : null));
        command.Parameters.Add(Timestamp(recordedAtOrBefore));
        return await ReadEventsAsync(command, cancellationToken);
    }

    /// <summary>
    /// The columns <see cref="ToStoredEvent"/> reads, by ordinal. The transaction id comes as text under another name: an
    /// output column named <c>xact_id</c> would be what <c>ORDER BY xact_id</c> sorts by (PostgreSQL prefers output names),
    /// as text, so that "10" came before "9" and the global reader skipped events where ids gain a digit.
    /// </summary>
    private const string EventColumns =
        "xact_id::text AS xact_text, seq, tenant, stream_id, version, type, data::text, recorded_at, recorded_by, causation_id, correlation_id, appended_at";

    private async Task<List<StoredEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) events.Add(ToStoredEvent(reader));
        return events;
    }

    private StoredEvent ToStoredEvent(NpgsqlDataReader reader)
    {
        var streamId = new StreamId(reader.GetGuid(3));
        var version = reader.GetInt32(4);
        var (name, data) = DeserializeColumn(reader, 6, streamId, version, reader.GetString(5));
        return new StoredEvent(
            new GlobalPosition(ulong.Parse(reader.GetString(0)), reader.GetInt64(1)),
            TenantId.Parse(reader.GetString(2)),
            streamId,
            version,
            name,
            data,
            PgTime.FromDateTime(reader.GetDateTime(7)),
            reader.GetString(8),
            reader.IsDBNull(9) ? null : reader.GetGuid(9),
            reader.IsDBNull(10) ? null : reader.GetGuid(10),
            reader.IsDBNull(11) ? null : PgTime.FromDateTime(reader.GetDateTime(11)));
    }

    /// <summary>
    /// Decodes the event's JSON from the column's UTF-8 bytes, copied into a pooled buffer: reading it as a string would
    /// decode it to UTF-16 (an allocation twice its size) for the serializer to encode it back to UTF-8.
    /// </summary>
    private (string Name, object Data) DeserializeColumn(NpgsqlDataReader reader, int ordinal, StreamId streamId, long version, string storedName)
    {
        using var stream = reader.GetStream(ordinal);
        var length = checked((int)stream.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            stream.ReadExactly(buffer, 0, length);
            return Deserialize(streamId, version, storedName, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private (string Name, object Data) Deserialize(StreamId streamId, long version, string storedName, ReadOnlySpan<byte> json)
    {
        var (name, type, upcast) = Options.Types.Resolve(storedName, json);
        try
        {
            var data = upcast is null
                ? JsonSerializer.Deserialize(json, type, Options.Json)
                : upcast.Deserialize(type, Options.Json);
            return (name, data ?? throw new JsonException("The stored data is JSON null."));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new EventDeserializationException(streamId, version, name, type, e);
        }
    }
}
