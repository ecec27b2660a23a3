using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime.Text;

namespace Parcours.EventStore.Serialization;

/// <summary>
/// Writes a NodaTime value as a JSON string through one NodaTime text pattern, and reads it back with the same
/// pattern, so that the round trip is exact. Anything else (wrong token, unparsable text) is a JsonException naming
/// the type and the text. Nullable values need no converter of their own: System.Text.Json wraps this one.
/// </summary>
public class NodaPatternConverter<T>(IPattern<T> pattern) : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"Expected a string for {typeof(T).Name}, found {reader.TokenType}.");
        var text = reader.GetString()!;
        var result = pattern.Parse(text);
        return result.Success
            ? result.Value
            : throw new JsonException($"'{text}' is not a valid {typeof(T).Name}: {result.Exception.Message}");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(pattern.Format(value));
}
