using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Parcours.EventStore.Internal;

/// <summary>
/// The per-stream hash chain: hash(n) = SHA-256(hash(n-1) ‖ canonical content of event n), with 32 zero bytes
/// before the first event. The canonical content is every stored field of the event but its positions: tenant,
/// stream id, version, type name, the exact stored JSON text, recorded-at (in microseconds), actor, causation and
/// correlation ids, and the append instant of imported events. Each field is length- or presence-prefixed, so no
/// two different events encode to the same bytes.
/// </summary>
internal static class EventHash
{
    public const int Length = 32;

    public static byte[] Genesis => new byte[Length];

    public static byte[] Compute(ReadOnlySpan<byte> previous, in HashedContent content)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + content.Data.Length * 3);
        buffer.Write(previous);
        WriteBeforeVersion(buffer, content);
        WriteInt64(buffer, content.Version);
        WriteAfterVersion(buffer, content);
        return SHA256.HashData(buffer.WrittenSpan);
    }

    /// <summary>
    /// The canonical content's bytes before the version (tenant, stream id: the same for every event of an append)
    /// and after it, for the database's <c>append_events</c>, which learns the version under the stream lock and
    /// chains sha256(previous ‖ before ‖ int64 big-endian version ‖ after): exactly <see cref="Compute"/>.
    /// </summary>
    public static byte[] EncodeBeforeVersion(string tenant, Guid streamId)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        WriteString(buffer, tenant);
        WriteGuid(buffer, streamId);
        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc cref="EncodeBeforeVersion"/>
    public static byte[] EncodeAfterVersion(in HashedContent content)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + content.Data.Length * 3);
        WriteAfterVersion(buffer, content);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteBeforeVersion(ArrayBufferWriter<byte> buffer, in HashedContent content)
    {
        WriteString(buffer, content.Tenant);
        WriteGuid(buffer, content.StreamId);
    }

    private static void WriteAfterVersion(ArrayBufferWriter<byte> buffer, in HashedContent content)
    {
        WriteString(buffer, content.Type);
        WriteString(buffer, content.Data);
        WriteInt64(buffer, ToMicroseconds(content.RecordedAt));
        WriteString(buffer, content.RecordedBy);
        WriteOptionalGuid(buffer, content.CausationId);
        WriteOptionalGuid(buffer, content.CorrelationId);
        WritePresence(buffer, content.AppendedAt is not null);
        if (content.AppendedAt is { } appendedAt) WriteInt64(buffer, ToMicroseconds(appendedAt));
    }

    private static long ToMicroseconds(Instant instant) => instant.ToUnixTimeTicks() / 10;

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt64(buffer, count);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(count));
        buffer.Advance(count);
    }

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteGuid(ArrayBufferWriter<byte> buffer, Guid value)
    {
        value.TryWriteBytes(buffer.GetSpan(16), bigEndian: true, out _);
        buffer.Advance(16);
    }

    private static void WriteOptionalGuid(ArrayBufferWriter<byte> buffer, Guid? value)
    {
        WritePresence(buffer, value is not null);
        if (value is { } guid) WriteGuid(buffer, guid);
    }

    private static void WritePresence(ArrayBufferWriter<byte> buffer, bool present)
    {
        buffer.GetSpan(1)[0] = present ? (byte)1 : (byte)0;
        buffer.Advance(1);
    }
}

/// <summary>The fields of one event that its hash covers.</summary>
internal readonly record struct HashedContent(
    string Tenant,
    Guid StreamId,
    long Version,
    string Type,
    string Data,
    Instant RecordedAt,
    string RecordedBy,
    Guid? CausationId,
    Guid? CorrelationId,
    Instant? AppendedAt);
