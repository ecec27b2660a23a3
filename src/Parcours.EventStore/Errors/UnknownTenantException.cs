namespace Parcours.EventStore;

/// <summary>The tenant is a valid département code but is not registered in this store (or does not own the stream).</summary>
public sealed class UnknownTenantException(TenantId tenant, string? detail = null)
    : EventStoreException($"Tenant {tenant} is not registered in the event store{(detail is null ? "" : $" ({detail})")}.")
{
    public TenantId Tenant { get; } = tenant;
}
