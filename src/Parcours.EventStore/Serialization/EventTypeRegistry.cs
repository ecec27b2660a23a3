using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Parcours.EventStore.Serialization;

/// <summary>
/// Maps CLR event types to the stable names stored with each event, and back. Names are decoupled from CLR names:
/// renaming a class is free, renaming a stored name is a schema change handled by an <see cref="Upcaster"/>.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly ConcurrentDictionary<Type, string> _nameByType = new();
    private readonly ConcurrentDictionary<string, Type> _typeByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Upcaster> _upcasters = new(StringComparer.Ordinal);

    /// <summary>
    /// Turns a stored event of an old name or shape into the current one, before deserialisation.
    /// Receives the stored JSON and returns the JSON to deserialise and the name to deserialise it as
    /// (a newer name, which may itself be upcast further; or the same name when only the shape changed, in which case
    /// the upcaster also sees events already in the new shape and must leave them as they are).
    /// </summary>
    public delegate (string Name, JsonNode Data) Upcaster(JsonNode data);

    public EventTypeRegistry Register<T>(string name) => Register(typeof(T), name);

    public EventTypeRegistry Register(Type type, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_typeByName.TryGetValue(name, out var existing) && existing != type)
            throw new ArgumentException($"Event name '{name}' is already registered for {existing.Name}.", nameof(name));
        if (_nameByType.TryGetValue(type, out var existingName) && existingName != name)
            throw new ArgumentException($"{type.Name} is already registered as '{existingName}'.", nameof(type));
        _typeByName[name] = type;
        _nameByType[type] = name;
        return this;
    }

    /// <summary>Registers a transformation for events stored under <paramref name="storedName"/>.</summary>
    public EventTypeRegistry Upcast(string storedName, Upcaster upcaster)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storedName);
        if (!_upcasters.TryAdd(storedName, upcaster))
            throw new ArgumentException($"An upcaster for '{storedName}' is already registered.", nameof(storedName));
        return this;
    }

    public string NameOf(Type type) =>
        _nameByType.TryGetValue(type, out var name) ? name : throw new UnknownEventTypeException(type);

    internal bool HasUpcaster(string storedName) => _upcasters.ContainsKey(storedName);

    /// <summary>
    /// Applies the upcasters chained from <paramref name="storedName"/> and returns the final name, its CLR type and
    /// the JSON to deserialise (null when no upcaster applied: deserialise the stored text directly).
    /// </summary>
    internal (string Name, Type Type, JsonNode? Data) Resolve(string storedName, ReadOnlySpan<byte> storedJson)
    {
        var name = storedName;
        JsonNode? data = null;
        var hops = 0;
        while (_upcasters.TryGetValue(name, out var upcaster))
        {
            if (++hops > 32) throw new InvalidOperationException($"Upcasters from '{storedName}' form a cycle.");
            var (next, upcast) = upcaster(data ?? JsonNode.Parse(storedJson)!);
            data = upcast;
            if (next == name) break; // same name, new shape: an upcaster for a current name must accept both shapes
            name = next;
        }

        return _typeByName.TryGetValue(name, out var type)
            ? (name, type, data)
            : throw new UnknownEventTypeException(name);
    }
}
