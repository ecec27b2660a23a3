using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.EventStore.Serialization;

namespace Parcours.Application;

/// <summary>
/// The pathway events wired into the event store: their stable names (from <see cref="PathwayEventTypes"/>),
/// the JSON of a correction's replacement step (polymorphic, discriminated by the same names), and the mapping
/// from stored events back to the domain's <see cref="RecordedPathwayEvent"/>.
/// </summary>
public static class PathwayEventStore
{
    /// <summary>Store options knowing every pathway event type.</summary>
    public static EventStoreOptions CreateOptions(IClock clock)
    {
        var options = new EventStoreOptions { Json = CreateJsonOptions(), Clock = clock };
        foreach (var (type, name) in PathwayEventTypes.All)
        {
            options.Types.Register(type, name);
        }
        return options;
    }

    /// <summary>
    /// The store's JSON settings plus what pathway events need: <see cref="IPathwayStep"/> serialised with a
    /// "$type" discriminator (a correction carries its replacement step), and the derived
    /// <see cref="IPathwayEvent.BusinessDate"/> left out of stored JSON (it is computed from the event's own dates).
    /// </summary>
    public static JsonSerializerOptions CreateJsonOptions()
    {
        var options = ParcoursJson.CreateOptions();
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DescribePathwaySteps, OmitDerivedBusinessDate } };
        return options;
    }

    public static RecordedPathwayEvent ToRecorded(StoredEvent stored) =>
        stored.Data is IPathwayEvent pathwayEvent
            ? new RecordedPathwayEvent(stored.Version, pathwayEvent, stored.RecordedAt, stored.RecordedBy)
            : throw new InvalidOperationException(
                $"Event {stored.TypeName} at version {stored.Version} of stream {stored.StreamId} is not a pathway event.");

    private static void DescribePathwaySteps(JsonTypeInfo info)
    {
        if (info.Type != typeof(IPathwayStep))
        {
            return;
        }
        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "$type",
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var (type, name) in PathwayEventTypes.All.Where(e => e.Type.IsAssignableTo(typeof(IPathwayStep))))
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
        }
    }

    private static void OmitDerivedBusinessDate(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !info.Type.IsAssignableTo(typeof(IPathwayEvent)))
        {
            return;
        }
        var derived = info.Properties.FirstOrDefault(p => p.Name == "businessDate" && p.Set is null);
        if (derived is not null)
        {
            info.Properties.Remove(derived);
        }
    }
}
