using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Parcours.Server.Tests;

/// <summary>
/// The server's database connections prepare their repeated statements (without it Npgsql resets a pooled connection
/// with DISCARD ALL, and the append function's plans were made again at every command), unless the operator's
/// connection string says otherwise.
/// </summary>
public sealed class DatabaseSettingsTests
{
    private const string Given = "Host=127.0.0.1;Port=5432;Database=parcours;Username=parcours;Password=unused";

    [Theory]
    [InlineData(Given, 64)]
    [InlineData(Given + ";Max Auto Prepare=5", 5)]
    [InlineData(Given + ";maxautoprepare=0", 0)]
    public async Task The_server_prepares_its_statements_unless_the_connection_string_decides(string connectionString, int expected)
    {
        await using var app = ParcoursServer.Build([], new ParcoursServerOptions
        {
            ConnectionString = connectionString,
            IdentityMasterKey = ServerUnderTest.MasterKey,
        });

        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();

        new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare.ShouldBe(expected);
        new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).ApplicationName.ShouldBe("parcours-server");
    }
}
