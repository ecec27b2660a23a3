using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parcours.EventStore.Serialization;

/// <summary>The JSON settings of stored events (and of the server's API, which reuses them).</summary>
public static class ParcoursJson
{
    /// <summary>
    /// camelCase properties, enums as their names (stable when members are reordered), NodaTime types as ISO text.
    /// A new instance each call: callers may add converters before first use.
    /// </summary>
    public static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.Strict,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        foreach (var converter in NodaTimeConverters.All) options.Converters.Add(converter);
        return options;
    }
}
