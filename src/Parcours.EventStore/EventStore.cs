using System.Collections.Concurrent;
using Npgsql;
using Parcours.EventStore.Internal;
using Parcours.EventStore.Schema;

namespace Parcours.EventStore;

/// <summary>
/// The event store on PostgreSQL. It knows nothing of the domain: events are objects whose types are registered in
/// <see cref="EventStoreOptions.Types"/>. Every operation is scoped to a registered tenant.
/// The operations live in partial files: Append, AppendBulk, Read (one stream), ReadAll (global order), Verify.
/// </summary>
public sealed partial class EventStore(NpgsqlDataSource dataSource, EventStoreOptions? options = null)
{
    private const string S = EventStoreSchema.Name;
    private readonly ConcurrentDictionary<TenantId, bool> _registeredTenants = new();
    private readonly Notifications.CommitNotifier _commitNotifier = new(dataSource, TimeSpan.FromMilliseconds(20));

    public EventStoreOptions Options { get; } = options ?? new EventStoreOptions();

    /// <summary>Creates or migrates the schema (see <see cref="EventStoreSchema.EnsureAsync"/>).</summary>
    public Task<IReadOnlyList<int>> EnsureSchemaAsync(CancellationToken cancellationToken = default) =>
        EventStoreSchema.EnsureAsync(dataSource, cancellationToken);

    /// <summary>Registers a tenant (idempotent: an existing tenant keeps its name and creation date).</summary>
    public async Task RegisterTenantAsync(TenantId tenant, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {S}.tenants (code, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING");
        command.Parameters.Add(new() { Value = RequireValid(tenant).Code });
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = PgTime.ToDateTime(Options.Clock.GetCurrentInstant()) });
        await command.ExecuteNonQueryAsync(cancellationToken);
        _registeredTenants[tenant] = true;
    }

    /// <summary>Throws <see cref="UnknownTenantException"/> unless the tenant is registered (positive answers are cached:
    /// tenants are never unregistered).</summary>
    public async Task EnsureTenantAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        if (_registeredTenants.ContainsKey(RequireValid(tenant))) return;
        await using var command = dataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM {S}.tenants WHERE code = $1)");
        command.Parameters.Add(new() { Value = tenant.Code });
        if (!(bool)(await command.ExecuteScalarAsync(cancellationToken))!) throw new UnknownTenantException(tenant);
        _registeredTenants[tenant] = true;
    }

    private static TenantId RequireValid(TenantId tenant) =>
        tenant.Code is null ? throw new ArgumentException("The tenant is the default value, not a département.", nameof(tenant)) : tenant;
}
