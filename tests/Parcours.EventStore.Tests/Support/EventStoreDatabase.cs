using Npgsql;
using NodaTime;
using NodaTime.Testing;
using Parcours.EventStore.Schema;
using Parcours.Testing;

namespace Parcours.EventStore.Tests.Support;

/// <summary>
/// A fresh database per test class, copied from a template holding the store's schema and three registered
/// tenants (31 Haute-Garonne, 11 Aude, 82 Tarn-et-Garonne). Tests share the class's database, never a stream.
/// </summary>
public sealed class EventStoreDatabase() : PostgresDatabaseFixture("event_store", "event_store_schema", InitializeAsync)
{
    public static readonly TenantId HauteGaronne = TenantId.Parse("31");
    public static readonly TenantId Aude = TenantId.Parse("11");
    public static readonly TenantId TarnEtGaronne = TenantId.Parse("82");

    public static readonly EventMetadata Manager = new("gsb.dupont");

    private static async Task InitializeAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new EventStore(dataSource);
        await store.EnsureSchemaAsync();
        await store.RegisterTenantAsync(HauteGaronne, "Haute-Garonne");
        await store.RegisterTenantAsync(Aude, "Aude");
        await store.RegisterTenantAsync(TarnEtGaronne, "Tarn-et-Garonne");
    }

    /// <summary>A store on this database knowing the test event types, with a settable clock.</summary>
    public EventStore CreateStore(FakeClock? clock = null, Action<EventStoreOptions>? configure = null)
    {
        var options = new EventStoreOptions { Clock = clock ?? new FakeClock(Instant.FromUtc(2025, 3, 14, 9, 30)) };
        TestEvents.RegisterAll(options.Types);
        configure?.Invoke(options);
        return new EventStore(DataSource, options);
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await command.ExecuteNonQueryAsync();
    }
}
