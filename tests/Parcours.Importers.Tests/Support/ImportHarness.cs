using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Parcours.Application;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Importers.Storage;
using Parcours.Testing;

namespace Parcours.Importers.Tests.Support;

/// <summary>A fresh database per test (the importers keep state across files), with the importers wired on it.</summary>
public sealed class ImportHarness : IAsyncDisposable
{
    public static readonly TenantId Tenant = TenantId.Parse("31");
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 26, 10, 0);

    private ImportHarness(NpgsqlDataSource dataSource, ImportServices services)
    {
        DataSource = dataSource;
        Services = services;
    }

    public NpgsqlDataSource DataSource { get; }
    public ImportServices Services { get; }

    public static async Task<ImportHarness> CreateAsync(string name)
    {
        var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateAsync(name));
        var services = await ImportServices.OpenAsync(dataSource, new FakeClock(Now), MasterKey.Generate());
        await services.Models.Store.RegisterTenantAsync(Tenant, "Haute-Garonne (tests)");
        return new ImportHarness(dataSource, services);
    }

    public async Task<CaseId?> CaseOfAsync(string matricule, string role = "DEM") =>
        (await Services.Identities.FindByCafAsync(Tenant.Code, [new CafPersonKey(matricule, role)])).TryGetValue(new CafPersonKey(matricule, role), out var c)
            ? c : null;

    public async Task<IReadOnlyList<IPathwayEvent>> EventsOfAsync(string matricule, string role = "DEM")
    {
        var @case = await CaseOfAsync(matricule, role) ?? throw new InvalidOperationException($"No case for {matricule}/{role}.");
        var streams = await Services.Models.Store.ReadStreamsAsync(Tenant, [new StreamId(@case.Value)]);
        return streams.TryGetValue(new StreamId(@case.Value), out var events) ? [.. events.Select(e => PathwayEventStore.ToRecorded(e).Event)] : [];
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public Task<long> EventCountAsync() => CountAsync("SELECT count(*) FROM parcours.events");

    public Task<ImportReport> ImportFluxAsync(string name, byte[] file, bool replay = false) =>
        Services.Cnaf.ImportAsync(Tenant, name, file, new Cnaf.Import.CafImportOptions(ReplayHistory: replay));

    public async ValueTask DisposeAsync() => await DataSource.DisposeAsync();
}
