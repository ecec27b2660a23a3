using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Parcours.EventStore.Serialization;

/// <summary>
/// JSON converters for the NodaTime types Parcours stores, one ISO text form each:
/// LocalDate "2024-01-31", Instant "2024-01-31T08:15:00.123456789Z" (nanoseconds kept), Period "P1M2D",
/// YearMonth "2024-01", LocalTime "08:15:00.5", Duration "1:02:03:04.5" (days:hours:minutes:seconds),
/// Interval "start/end" with an empty side for an unbounded end.
/// </summary>
public static class NodaTimeConverters
{
    public static JsonConverter<LocalDate> LocalDate { get; } = new IsoLocalDateConverter();
    public static JsonConverter<Instant> Instant { get; } = new NodaPatternConverter<Instant>(InstantPattern.ExtendedIso);
    public static JsonConverter<Period> Period { get; } = new NodaPatternConverter<Period>(PeriodPattern.Roundtrip);
    public static JsonConverter<YearMonth> YearMonth { get; } = new NodaPatternConverter<YearMonth>(YearMonthPattern.Iso);
    public static JsonConverter<LocalTime> LocalTime { get; } = new NodaPatternConverter<LocalTime>(LocalTimePattern.ExtendedIso);
    public static JsonConverter<Duration> Duration { get; } = new NodaPatternConverter<Duration>(DurationPattern.Roundtrip);
    public static JsonConverter<Interval> Interval { get; } = new IntervalConverter();

    public static IReadOnlyList<JsonConverter> All { get; } =
        [LocalDate, Instant, Period, YearMonth, LocalTime, Duration, Interval];

    private sealed class IntervalConverter : JsonConverter<Interval>
    {
        private static readonly InstantPattern Pattern = InstantPattern.ExtendedIso;

        public override Interval Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException($"Expected a string for Interval, found {reader.TokenType}.");
            var text = reader.GetString()!;
            var parts = text.Split('/');
            if (parts.Length != 2)
                throw new JsonException($"'{text}' is not a valid Interval: expected 'start/end'.");
            return new Interval(ParseSide(parts[0], text), ParseSide(parts[1], text));
        }

        private static Instant? ParseSide(string side, string whole)
        {
            if (side.Length == 0) return null;
            var result = Pattern.Parse(side);
            return result.Success
                ? result.Value
                : throw new JsonException($"'{whole}' is not a valid Interval: {result.Exception.Message}");
        }

        public override void Write(Utf8JsonWriter writer, Interval value, JsonSerializerOptions options) =>
            writer.WriteStringValue(
                (value.HasStart ? Pattern.Format(value.Start) : "") + "/" + (value.HasEnd ? Pattern.Format(value.End) : ""));
    }
}
