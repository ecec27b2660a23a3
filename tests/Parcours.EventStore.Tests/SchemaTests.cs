using Npgsql;
using Parcours.EventStore.Schema;
using Parcours.Testing;

namespace Parcours.EventStore.Tests;

public sealed class SchemaTests
{
    [Fact]
    public async Task Ensuring_the_schema_twice_applies_the_migrations_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateAsync("schema_twice"));

        var first = await EventStoreSchema.EnsureAsync(dataSource);
        var second = await EventStoreSchema.EnsureAsync(dataSource);

        first.ShouldBe(EventStoreSchema.Migrations.Select(m => m.Version));
        second.ShouldBeEmpty();
    }

    [Fact]
    public async Task Processes_starting_together_apply_each_migration_exactly_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateAsync("schema_race"));

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => EventStoreSchema.EnsureAsync(dataSource))));

        applied.SelectMany(a => a).ShouldBe(EventStoreSchema.Migrations.Select(m => m.Version));
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM parcours.schema_version");
        ((long)(await count.ExecuteScalarAsync())!).ShouldBe(EventStoreSchema.Migrations.Count);
    }

    [Fact]
    public async Task The_database_refuses_a_tenant_code_that_is_not_a_departement()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateAsync("schema_tenant_check"));
        await EventStoreSchema.EnsureAsync(dataSource);

        await using var insert = dataSource.CreateCommand("INSERT INTO parcours.tenants (code, name, created_at) VALUES ('20', 'Corse', now())");
        var error = await Should.ThrowAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());

        error.SqlState.ShouldBe(PostgresErrorCodes.CheckViolation);
    }
}
