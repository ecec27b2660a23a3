using System.Globalization;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Testing;

namespace Parcours.Application.Tests.Identity;

/// <summary>A database with the event store, the read models and the identity store, two départements, and the test master key.</summary>
public sealed class IdentityDatabase() : PostgresDatabaseFixture("identity", "identity_schema", InitializeAsync)
{
    public const string HauteGaronne = "31";
    public const string Aude = "11";

    public static readonly MasterKey Key = MasterKey.FromBytes(Enumerable.Range(1, MasterKey.Length).Select(i => (byte)i).ToArray());

    public static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 9, 30);

    public FakeClock Clock { get; } = new(Now);

    public PostgresIdentityStore Store(MasterKey? key = null, IdentityStoreOptions? options = null) =>
        new(DataSource, key ?? Key, Clock, options);

    public async Task<ReadModels> ReadModelsAsync() => await ReadModels.OpenAsync(DataSource, Clock);

    /// <summary>Saves identities in a transaction of their own, as an importer does.</summary>
    public async Task SaveAsync(PostgresIdentityStore store, string tenant, params (CaseId Case, PersonIdentity Identity)[] identities)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await store.SaveAsync(connection, transaction, tenant, identities);
        await transaction.CommitAsync();
    }

    private static async Task InitializeAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var models = await ReadModels.OpenAsync(dataSource, new FakeClock(Now));
        await models.Store.RegisterTenantAsync(TenantId.Parse(HauteGaronne), "Haute-Garonne");
        await models.Store.RegisterTenantAsync(TenantId.Parse(Aude), "Aude");
        await new PostgresIdentityStore(dataSource, Key, new FakeClock(Now)).EnsureSchemaAsync();
    }
}

/// <summary>Distinct, valid test people: each call gives a new CAF number and a NIR with a correct control key.</summary>
public static class People
{
    private static int next = 100;

    public static PersonIdentity Next(string lastName = "Martin", string firstName = "Léa")
    {
        var n = Interlocked.Increment(ref next);
        var body = string.Create(CultureInfo.InvariantCulture, $"2850731{n:D6}"); // woman born July 1985 in Haute-Garonne
        return new PersonIdentity(
            $"{lastName}-{n}", firstName, new LocalDate(1985, 7, 14), body + NirKey(body),
            string.Create(CultureInfo.InvariantCulture, $"{7_000_000 + n}"), "DEM", $"{n} rue des Lilas, 31000 Toulouse");
    }

    /// <summary>97 minus the 13-digit number modulo 97, on two digits (test data only: mainland départements).</summary>
    public static string NirKey(string body) =>
        (97 - long.Parse(body, CultureInfo.InvariantCulture) % 97).ToString("D2", CultureInfo.InvariantCulture);
}
