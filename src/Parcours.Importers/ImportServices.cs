using Npgsql;
using NodaTime;
using Parcours.Application.Identity;
using Parcours.Importers.Cnaf.Import;
using Parcours.Importers.Steps;
using Parcours.Importers.Storage;
using Parcours.Projections;

namespace Parcours.Importers;

/// <summary>The importers wired on one database: the store with its read models, the identity store, the import log.</summary>
public sealed class ImportServices
{
    private ImportServices(ReadModels models, PostgresIdentityStore identities, NpgsqlDataSource dataSource, IClock clock)
    {
        Models = models;
        Identities = identities;
        Cnaf = new CafImporter(dataSource, models.Store, identities, clock);
        Steps = new StepImporter(dataSource, models.Store, identities, clock);
    }

    public ReadModels Models { get; }
    public PostgresIdentityStore Identities { get; }
    public CafImporter Cnaf { get; }
    public StepImporter Steps { get; }

    /// <summary>Ensures every schema the importers write to (store, read models, identities, import log).</summary>
    public static async Task<ImportServices> OpenAsync(NpgsqlDataSource dataSource, IClock clock, MasterKey masterKey, CancellationToken ct = default)
    {
        var models = await ReadModels.OpenAsync(dataSource, clock, ct: ct);
        var identities = new PostgresIdentityStore(dataSource, masterKey, clock);
        await identities.EnsureSchemaAsync(ct);
        await ImportSchema.EnsureAsync(dataSource, ct);
        return new ImportServices(models, identities, dataSource, clock);
    }
}
