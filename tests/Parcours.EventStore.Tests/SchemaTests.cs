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

    [Fact]
    public async Task A_database_of_schema_version_3_keeps_its_chains_and_anchors_its_streams_at_their_heads_on_upgrade()
    {
        // A stream written the current way in one database, its rows copied into a database left at version 3 (the
        // stream row then moved with every append: version and last_hash were the head).
        var tenant = TenantId.Parse("31");
        var types = new EventStoreOptions();
        Support.TestEvents.RegisterAll(types.Types);
        await using var source = NpgsqlDataSource.Create(await TestDatabase.CreateAsync("schema_upgrade_source"));
        var written = new EventStore(source, types);
        await written.EnsureSchemaAsync();
        await written.RegisterTenantAsync(tenant, "Haute-Garonne");
        var stream = StreamId.New();
        await written.AppendAsync(tenant, stream, "case", ExpectedVersion.NoStream, Support.TestEvents.Notes("a", "b", "c"), new EventMetadata("agent"));

        await using var old = NpgsqlDataSource.Create(await TestDatabase.CreateAsync("schema_upgrade_v3"));
        await EventStoreSchema.MigrateAsync(old, EventStoreSchema.Name, 0x5041_5243_4F55_5253, EventStoreSchema.Migrations.Take(3).ToList());
        await using (var tenants = old.CreateCommand("INSERT INTO parcours.tenants (code, name, created_at) VALUES ('31', 'Haute-Garonne', now())"))
            await tenants.ExecuteNonQueryAsync();
        await using (var copy = old.CreateCommand(
            "INSERT INTO parcours.streams (id, version, created_at, updated_at, tenant, type, last_hash) VALUES ($1, 3, now(), now(), '31', 'case', $2)"))
        {
            copy.Parameters.Add(new() { Value = stream.Value });
            copy.Parameters.Add(new() { Value = await ScalarAsync<byte[]>(source, "SELECT hash FROM parcours.events WHERE version = 3") });
            await copy.ExecuteNonQueryAsync();
        }
        const string Columns = "recorded_at, stream_id, version, tenant, type, recorded_by, data, hash, causation_id, correlation_id, appended_at";
        await using (var from = await source.OpenConnectionAsync())
        await using (var export = await from.BeginRawBinaryCopyAsync($"COPY (SELECT {Columns} FROM parcours.events ORDER BY version) TO STDOUT (FORMAT BINARY)"))
        await using (var target = await old.OpenConnectionAsync())
        await using (var import = await target.BeginRawBinaryCopyAsync($"COPY parcours.events ({Columns}) FROM STDIN (FORMAT BINARY)"))
        {
            await export.CopyToAsync(import);
        }

        (await EventStoreSchema.EnsureAsync(old)).ShouldBe([4]);

        var upgraded = new EventStore(old, types);
        (await ScalarAsync<int>(old, "SELECT anchored_version FROM parcours.streams")).ShouldBe(3);
        (await upgraded.VerifyAsync(tenant)).IsIntact.ShouldBeTrue();
        (await upgraded.AppendAsync(tenant, stream, "case", ExpectedVersion.Exactly(3), Support.TestEvents.Notes("d"), new EventMetadata("agent"))).StreamVersion.ShouldBe(4);
        await using (var delete = old.CreateCommand("DELETE FROM parcours.events WHERE version >= 3"))
            await delete.ExecuteNonQueryAsync();
        (await upgraded.VerifyAsync(tenant)).BrokenStreams.ShouldHaveSingleItem().Kind.ShouldBe(BreakKind.Removed);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
