using System.Text.Json;
using Parcours.EventStore.Serialization;

namespace Parcours.EventStore.Internal;

/// <summary>The events of one append, validated and serialised before any connection is opened.</summary>
internal sealed record PreparedAppend(
    TenantId Tenant,
    string StreamType,
    IReadOnlyList<object> Events,
    string[] TypeNames,
    string[] Data,
    EventMetadata Metadata,
    string? IdempotencyKey)
{
    public static PreparedAppend Create(
        TenantId tenant, string streamType, IReadOnlyList<object> events, EventMetadata metadata, string? idempotencyKey,
        EventTypeRegistry types, JsonSerializerOptions json)
    {
        if (tenant.Code is null) throw new ArgumentException("The tenant is the default value, not a département.", nameof(tenant));
        ArgumentException.ThrowIfNullOrWhiteSpace(streamType);
        ArgumentNullException.ThrowIfNull(metadata);
        if (events is null || events.Count == 0) throw new ArgumentException("An append needs at least one event.", nameof(events));
        if (idempotencyKey is not null && string.IsNullOrWhiteSpace(idempotencyKey))
            throw new ArgumentException("An idempotency key cannot be blank.", nameof(idempotencyKey));

        var names = new string[events.Count];
        var data = new string[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var type = (events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events))).GetType();
            names[i] = types.NameOf(type);
            data[i] = JsonSerializer.Serialize(events[i], type, json);
        }

        return new(tenant, streamType, events, names, data, metadata, idempotencyKey);
    }
}
