using System.Text.Json;
using NodaTime;
using Parcours.EventStore.Serialization;

namespace Parcours.EventStore.Tests;

/// <summary>Each NodaTime type as JSON: its exact text, an exact round trip, null for the nullable form, and refusals.</summary>
public sealed class NodaTimeConverterTests
{
    private static readonly JsonSerializerOptions Options = ParcoursJson.CreateOptions();

    private sealed record Holder<T>(T Value);

    private static string Write<T>(T value) => JsonSerializer.Serialize(new Holder<T>(value), Options);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<Holder<T>>(json, Options)!.Value;

    private static void RoundTrips<T>(T value, string expectedText)
    {
        var json = Write(value);
        json.ShouldBe($$"""{"value":"{{expectedText}}"}""");
        Read<T>(json).ShouldBe(value);
    }

    [Fact]
    public void LocalDate_is_iso_date() => RoundTrips(new LocalDate(2025, 1, 31), "2025-01-31");

    [Fact]
    public void Instant_keeps_nanoseconds() =>
        RoundTrips(Instant.FromUtc(2025, 3, 14, 9, 30) + Duration.FromNanoseconds(123_456_789), "2025-03-14T09:30:00.123456789Z");

    [Fact]
    public void Instant_without_fraction_has_no_fraction() => RoundTrips(Instant.FromUtc(2025, 3, 14, 9, 30), "2025-03-14T09:30:00Z");

    [Fact]
    public void Period_is_iso_and_keeps_its_units() => RoundTrips(Period.FromMonths(1) + Period.FromDays(2), "P1M2D");

    [Fact]
    public void Period_of_weeks_is_not_normalised_to_days() => RoundTrips(Period.FromWeeks(2), "P2W");

    [Fact]
    public void YearMonth_is_iso() => RoundTrips(new YearMonth(2025, 1), "2025-01");

    [Fact]
    public void LocalTime_keeps_its_fraction() => RoundTrips(new LocalTime(8, 15, 0, 500), "08:15:00.5");

    [Fact]
    public void Duration_keeps_days_and_nanoseconds() =>
        RoundTrips(Duration.FromDays(1) + Duration.FromHours(2) + Duration.FromNanoseconds(7), "1:02:00:00.000000007");

    [Fact]
    public void Interval_is_start_slash_end_with_open_sides()
    {
        RoundTrips(new Interval(Instant.FromUtc(2025, 1, 1, 0, 0), Instant.FromUtc(2025, 2, 1, 0, 0)), "2025-01-01T00:00:00Z/2025-02-01T00:00:00Z");
        RoundTrips(new Interval(Instant.FromUtc(2025, 1, 1, 0, 0), null), "2025-01-01T00:00:00Z/");
    }

    [Fact]
    public void Nullable_values_write_null_and_read_back_both_ways()
    {
        Write<LocalDate?>(null).ShouldBe("""{"value":null}""");
        Read<LocalDate?>("""{"value":null}""").ShouldBeNull();
        Read<Instant?>("""{"value":"2025-03-14T09:30:00Z"}""").ShouldBe(Instant.FromUtc(2025, 3, 14, 9, 30));
        Read<Period?>("""{"value":"P1M"}""").ShouldBe(Period.FromMonths(1));
    }

    [Theory]
    [InlineData("""{"value":"31/01/2025"}""")]
    [InlineData("""{"value":"2025-02-30"}""")]
    [InlineData("""{"value":20250131}""")]
    public void Invalid_LocalDate_is_a_json_error_naming_the_type(string json) =>
        Should.Throw<JsonException>(() => Read<LocalDate>(json)).Message.ShouldContain("LocalDate");

    /// <summary>The converter reads the usual shape from the bytes and everything else through the pattern: the two agree.</summary>
    [Fact]
    public void LocalDate_fast_path_agrees_with_the_iso_pattern_on_every_day_and_on_near_misses()
    {
        var texts = new List<string>();
        for (var day = new LocalDate(2023, 1, 1); day < new LocalDate(2025, 1, 1); day = day.PlusDays(1))
            texts.Add(NodaTime.Text.LocalDatePattern.Iso.Format(day));
        texts.AddRange(["2023-02-29", "2024-02-30", "2025-04-31", "2025-00-10", "2025-13-01", "2025-01-00", "2025-01-32",
            "0000-01-01", "9999-12-31", "2025-1-031", "2025/01/31", "20a5-01-31", "2025-01-3x", "-025-01-31", "+2025-01-3"]);
        foreach (var text in texts)
        {
            var expected = NodaTime.Text.LocalDatePattern.Iso.Parse(text);
            var fast = IsoLocalDateConverter.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out var date);
            if (fast) expected.Success.ShouldBeTrue(text);
            if (fast) date.ShouldBe(expected.Value, text);
            var json = $$"""{"value":"{{text}}"}""";
            if (expected.Success) Read<LocalDate>(json).ShouldBe(expected.Value, text);
            else Should.Throw<JsonException>(() => Read<LocalDate>(json), text);
        }
    }

    [Fact]
    public void LocalDate_with_escaped_characters_reads_through_the_pattern() =>
        Read<LocalDate>("""{"value":"2025\u002D01\u002D31"}""").ShouldBe(new LocalDate(2025, 1, 31));

    [Theory]
    [InlineData("""{"value":"2025-03-14 09:30:00"}""", "Instant")]
    [InlineData("""{"value":"1 month"}""", "Period")]
    [InlineData("""{"value":"2025-13"}""", "YearMonth")]
    [InlineData("""{"value":"25:00"}""", "LocalTime")]
    [InlineData("""{"value":"2025-01-01T00:00:00Z"}""", "Interval")]
    public void Invalid_text_of_other_types_is_a_json_error_naming_the_type(string json, string type)
    {
        var error = type switch
        {
            "Instant" => Should.Throw<JsonException>(() => Read<Instant>(json)),
            "Period" => Should.Throw<JsonException>(() => Read<Period>(json)),
            "YearMonth" => Should.Throw<JsonException>(() => Read<YearMonth>(json)),
            "LocalTime" => Should.Throw<JsonException>(() => Read<LocalTime>(json)),
            _ => Should.Throw<JsonException>(() => Read<Interval>(json)),
        };
        error.Message.ShouldContain(type);
    }
}
