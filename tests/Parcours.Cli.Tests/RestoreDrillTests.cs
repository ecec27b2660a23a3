using System.Diagnostics;
using Npgsql;
using NodaTime;
using Parcours.EmbeddedPostgres;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.Projections;

namespace Parcours.Cli.Tests;

/// <summary>
/// The restore drill of docs/operations.md, with the real scripts: back up a département with <c>ops/backup</c>, restore
/// it with <c>ops/restore</c> into a fresh PostgreSQL cluster, and check that what must survive did.
/// </summary>
public sealed class RestoreDrillTests(SmallDepartement source) : IClassFixture<SmallDepartement>
{
    private static readonly YearMonth ClosedMonth = new(2025, 1);

    [Fact]
    public async Task A_backup_restored_into_a_fresh_cluster_gives_back_the_same_chains_closing_and_identities()
    {
        var backup = Path.Combine(Path.GetTempPath(), $"parcours-drill-{Guid.NewGuid():N}.dump");
        try
        {
            var models0 = await source.OpenAsync();
            var closing = await models0.Closings.CloseMonthAsync(SmallDepartement.HauteGaronne, ClosedMonth, "drill");
            var key = MasterKey.Generate();
            var person = new CaseId(SmallDepartement.People[0].CaseId.Value);
            var identity = new PersonIdentity("Exemple", "Dominique", new LocalDate(1975, 4, 1), null, "7654321", "DEM", "2 place Fictive, 31000 Toulouse");
            var identities = new PostgresIdentityStore(source.DataSource, key, SystemClock.Instance);
            await identities.EnsureSchemaAsync();
            await using (var connection = await source.DataSource.OpenConnectionAsync())
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await identities.SaveAsync(connection, transaction, "31", [(person, identity)]);
                await transaction.CommitAsync();
            }
            var before = await ChainHeadsAsync(source.DataSource);
            (await RunScriptAsync("backup", LibpqConnection(source.ConnectionString), backup)).ShouldBe(0);

            await using var fresh = await EmbeddedPostgres.EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());
            await using (var admin = NpgsqlDataSource.Create(fresh.ConnectionString))
            await using (var create = admin.CreateCommand("CREATE DATABASE restored"))
                await create.ExecuteNonQueryAsync();
            var restored = fresh.ConnectionStringFor("restored");
            (await RunScriptAsync("restore", backup, LibpqConnection(restored))).ShouldBe(0);

            await using var target = NpgsqlDataSource.Create(restored);
            (await ChainHeadsAsync(target)).ShouldBe(before);
            var models = await ReadModels.OpenAsync(target, SystemClock.Instance);
            var verification = await models.Store.VerifyAsync(SmallDepartement.HauteGaronne);
            verification.IsIntact.ShouldBeTrue();
            verification.StreamsChecked.ShouldBe(before.Count);
            var restoredClosing = await models.Closings.VerifyClosingAsync(SmallDepartement.HauteGaronne, ClosedMonth);
            restoredClosing.IsIntact.ShouldBeTrue();
            restoredClosing.Closing.ContentHash.ShouldBe(closing.ContentHash);
            var restoredIdentities = new PostgresIdentityStore(target, key, SystemClock.Instance);
            (await restoredIdentities.ReadAsync("31", person, new IdentityAccess("drill", "Exercice de restauration"))).ShouldBe(identity);

            // A second restore into the now non-empty database is refused, and changes nothing.
            (await RunScriptAsync("restore", backup, LibpqConnection(restored))).ShouldBe(3);
            (await ChainHeadsAsync(target)).ShouldBe(before);
        }
        finally
        {
            File.Delete(backup);
            File.Delete(backup + ".heads");
        }
    }

    [Fact]
    public async Task A_restore_whose_chains_differ_from_the_manifest_fails()
    {
        var backup = Path.Combine(Path.GetTempPath(), $"parcours-drill-{Guid.NewGuid():N}.dump");
        try
        {
            (await RunScriptAsync("backup", LibpqConnection(source.ConnectionString), backup)).ShouldBe(0);
            var heads = await File.ReadAllLinesAsync(backup + ".heads");
            // As if one head hash had changed between the backup and the restore.
            await File.WriteAllLinesAsync(backup + ".heads", heads.Select(l => string.Join(' ', l.Split(' ')[..^1].Append(new string('0', 32)))));

            await using var fresh = await EmbeddedPostgres.EmbeddedPostgres.StartAsync(EmbeddedPostgresOptions.Temporary());
            await using (var admin = NpgsqlDataSource.Create(fresh.ConnectionString))
            await using (var create = admin.CreateCommand("CREATE DATABASE restored"))
                await create.ExecuteNonQueryAsync();

            (await RunScriptAsync("restore", backup, LibpqConnection(fresh.ConnectionStringFor("restored")))).ShouldBe(4);
        }
        finally
        {
            File.Delete(backup);
            File.Delete(backup + ".heads");
        }
    }

    /// <summary>(stream, version, head hash) of every stream, in id order.</summary>
    private static async Task<List<string>> ChainHeadsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id::text || ':' || version || ':' || encode(last_hash, 'hex') FROM parcours.stream_heads ORDER BY id");
        var heads = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) heads.Add(reader.GetString(0));
        return heads;
    }

    /// <summary>The scripts take libpq connection strings; the password goes through PGPASSWORD, as documented.</summary>
    private static string LibpqConnection(string npgsql)
    {
        var b = new NpgsqlConnectionStringBuilder(npgsql);
        return $"host={b.Host} port={b.Port} dbname={b.Database} user={b.Username} password={b.Password}";
    }

    private static async Task<int> RunScriptAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot(), "ops", script)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Console.WriteLine($"ops/{script}: {await output}{await error}");
        return process.ExitCode;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Parcours.sln"))) return dir.FullName;
        throw new InvalidOperationException("Parcours.sln not found above " + AppContext.BaseDirectory);
    }
}
