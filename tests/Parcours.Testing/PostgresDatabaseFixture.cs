using Npgsql;
using Xunit;

namespace Parcours.Testing;

/// <summary>
/// One fresh database per test class: use it as <c>IClassFixture&lt;T&gt;</c>. Derive to name the
/// database and to start from a template, for example
/// <code>
/// public sealed class EventStoreDatabase() : PostgresDatabaseFixture("event_store", "event_store_schema", EventStoreSchema.CreateAsync);
/// </code>
/// </summary>
public class PostgresDatabaseFixture : IAsyncLifetime
{
    private readonly string? nameHint;
    private readonly string? templateKey;
    private readonly Func<string, Task>? initializeTemplate;
    private string? connectionString;
    private NpgsqlDataSource? dataSource;

    /// <summary>An empty database named after the fixture type.</summary>
    public PostgresDatabaseFixture()
    {
    }

    protected PostgresDatabaseFixture(string nameHint, string? templateKey = null, Func<string, Task>? initializeTemplate = null)
    {
        this.nameHint = nameHint;
        this.templateKey = templateKey;
        this.initializeTemplate = initializeTemplate;
    }

    public string ConnectionString => connectionString ?? throw NotInitialized();

    /// <summary>A data source on this database, disposed with the fixture.</summary>
    public NpgsqlDataSource DataSource => dataSource ?? throw NotInitialized();

    public async Task InitializeAsync()
    {
        connectionString = await TestDatabase.CreateAsync(nameHint ?? GetType().Name, templateKey, initializeTemplate);
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public async Task DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }

    private static InvalidOperationException NotInitialized() =>
        new("The database is created in InitializeAsync: use the fixture through xunit (IClassFixture).");
}
