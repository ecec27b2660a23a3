using System.Text.Json;
using NodaTime;
using Parcours.EventStore.Serialization;

namespace Parcours.EventStore;

/// <summary>How an <see cref="EventStore"/> serialises, timestamps and projects.</summary>
public sealed class EventStoreOptions
{
    /// <summary>Stable names and upcasters of the event types this store may write and read.</summary>
    public EventTypeRegistry Types { get; init; } = new();

    public JsonSerializerOptions Json { get; init; } = ParcoursJson.CreateOptions();

    /// <summary>Source of the append instant (recorded-at).</summary>
    public IClock Clock { get; init; } = SystemClock.Instance;

    public IList<IInlineProjection> InlineProjections { get; } = new List<IInlineProjection>();

    /// <summary>Channel on which every append sends a notification (payload: the tenant code).</summary>
    public const string NotificationChannel = "parcours_events";
}
