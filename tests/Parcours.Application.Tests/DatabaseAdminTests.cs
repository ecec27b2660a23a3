using Npgsql;
using Parcours.Application.Hosting;
using Parcours.Testing;

namespace Parcours.Application.Tests;

public sealed class DatabaseAdminTests
{
    [Fact]
    public async Task EnsureExists_creates_a_missing_database_once_and_leaves_an_existing_one_alone()
    {
        var server = await TestPostgres.GetConnectionStringAsync();
        var name = "ensure_" + Guid.NewGuid().ToString("N")[..12];

        var connection = await DatabaseAdmin.EnsureExistsAsync(server, name);
        await using (var dataSource = NpgsqlDataSource.Create(connection))
        await using (var command = dataSource.CreateCommand("CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)"))
        {
            await command.ExecuteNonQueryAsync();
        }
        var again = await DatabaseAdmin.EnsureExistsAsync(server, name);

        again.ShouldBe(connection);
        new NpgsqlConnectionStringBuilder(again).Database.ShouldBe(name);
        await using (var dataSource = NpgsqlDataSource.Create(again))
        await using (var command = dataSource.CreateCommand("SELECT count(*) FROM kept"))
        {
            ((long)(await command.ExecuteScalarAsync())!).ShouldBe(1);
        }
        await DatabaseAdmin.DropAsync(server, name);
    }
}
