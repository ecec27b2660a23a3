namespace Parcours.EventStore;

/// <summary>The stream exists but belongs to another tenant: a tenant never writes into another's stream.</summary>
public sealed class StreamTenantMismatchException(StreamId streamId, TenantId tenant)
    : EventStoreException($"Stream {streamId} does not belong to tenant {tenant}.")
{
    public StreamId StreamId { get; } = streamId;
    public TenantId Tenant { get; } = tenant;
}
