using NodaTime;

namespace Parcours.EventStore.Internal;

/// <summary>
/// Instant to and from PostgreSQL timestamptz (microsecond precision) through UTC DateTime: the only place the
/// store touches DateTime (Npgsql.NodaTime is not available).
/// </summary>
internal static class PgTime
{
    /// <summary>Drops sub-microsecond digits, so that what is hashed is exactly what the database gives back.</summary>
    public static Instant TruncateToMicroseconds(Instant instant) =>
        Instant.FromUnixTimeTicks(instant.ToUnixTimeTicks() / 10 * 10);

    /// <summary>The first microsecond at or after <paramref name="instant"/>.</summary>
    public static Instant CeilingToMicroseconds(Instant instant)
    {
        var truncated = TruncateToMicroseconds(instant);
        return truncated == instant ? instant : truncated + Duration.FromTicks(10);
    }

    public static DateTime ToDateTime(Instant instant) => instant.ToDateTimeUtc();

    public static Instant FromDateTime(DateTime value) =>
        Instant.FromDateTimeUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
