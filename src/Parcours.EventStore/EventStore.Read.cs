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

    private StoredEvent ToStoredEvent(NpgsqlDataReader reader) => Decode(ToEncodedEvent(reader));

    /// <summary>The row's columns, the event's JSON copied as the column's UTF-8 bytes (a string would be decoded to
    /// UTF-16, twice its size, for the serializer to encode back).</summary>
    private static EncodedEvent ToEncodedEvent(NpgsqlDataReader reader)
    {
        byte[] json;
        using (var stream = reader.GetStream(6))
        {
            json = new byte[checked((int)stream.Length)];
            stream.ReadExactly(json);
        }
        return new EncodedEvent(
            new GlobalPosition(ulong.Parse(reader.GetString(0)), reader.GetInt64(1)),
            TenantId.Parse(reader.GetString(2)),
            new StreamId(reader.GetGuid(3)),
            reader.GetInt32(4),
            reader.GetString(5),
            json,
            PgTime.FromDateTime(reader.GetDateTime(7)),
            reader.GetString(8),
            reader.IsDBNull(9) ? null : reader.GetGuid(9),
            reader.IsDBNull(10) ? null : reader.GetGuid(10),
            reader.IsDBNull(11) ? null : PgTime.FromDateTime(reader.GetDateTime(11)));
    }

    /// <summary>Deserialises (upcasting if needed) an event read by <see cref="EnumerateEncodedStreamsAsync"/>; safe on any thread.</summary>
    public StoredEvent Decode(EncodedEvent e)
    {
        var (name, data) = Deserialize(e.StreamId, e.Version, e.StoredTypeName, e.Json);
        return new StoredEvent(e.Position, e.Tenant, e.StreamId, e.Version, name, data, e.RecordedAt, e.RecordedBy, e.CausationId, e.CorrelationId, e.AppendedAt);
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
