using System.Threading.Channels;
using Npgsql;
using NodaTime;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Importers.Cnaf.Flux;
using Parcours.Importers.Storage;

namespace Parcours.Importers.Cnaf.Import;

/// <param name="Actor">Who the changes are recorded by.</param>
/// <param name="ReplayHistory">
/// For archived files (and the demo): record each change at the file's creation instant (DTCREAFLUX, HEUCREAFLUX,
/// Europe/Paris) instead of now, as if the file had been imported the day the CAF produced it.
/// </param>
/// <param name="Territories">Commune code (NUMCOM) → territory code, for the entry's breakdown key; unknown communes leave it empty.</param>
public sealed record CafImportOptions(
    string Actor = "flux-caf",
    bool ReplayHistory = false,
    IReadOnlyDictionary<string, string>? Territories = null,
    int BatchSize = 2_000);

/// <summary>
/// <c>parcours import cnaf</c>: reads a flux in one streaming pass and applies the changes it derives (see
/// <see cref="ChangeRules"/>) in one transaction: the events (one bulk append per batch of households), the identities of the people it
/// enters (identity store, same transaction) and its report. A file that is invalid anywhere (schema, truncation,
/// trailer count) applies nothing; a file already applied (same SHA-256) changes nothing; a flux whose reference date
/// is older than the latest one applied is refused.
/// </summary>
public sealed class CafImporter(NpgsqlDataSource dataSource, EventStore.EventStore store, IIdentityStore identities, IClock clock)
{
    public const string Kind = "cnaf";
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
    private static readonly string[] TrackedRoles = ["DEM", "CJT"];

    /// <param name="name">The name the report keeps (default: the file's own; an upload gives the name it was sent under).</param>
    public async Task<ImportReport> ImportFileAsync(
        TenantId tenant, string path, CafImportOptions options, Action<long>? bytesRead = null, CancellationToken ct = default, string? name = null)
    {
        string sha;
        await using (var hashing = File.OpenRead(path)) sha = await ImportLog.Sha256Async(hashing, ct);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return await ImportAsync(tenant, name ?? Path.GetFileName(path), sha, stream, options, bytesRead, ct);
    }

    public async Task<ImportReport> ImportAsync(
        TenantId tenant, string name, byte[] content, CafImportOptions options, CancellationToken ct = default)
    {
        var sha = await ImportLog.Sha256Async(new MemoryStream(content), ct);
        return await ImportAsync(tenant, name, sha, new MemoryStream(content), options, null, ct);
    }

    private async Task<ImportReport> ImportAsync(
        TenantId tenant, string name, string sha, Stream stream, CafImportOptions options, Action<long>? bytesRead, CancellationToken ct)
    {
        await store.EnsureTenantAsync(tenant, ct);
        var today = ParisCalendar.Today(clock);
        var run = new Run(tenant, name, sha, options);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ImportLog.LockTenantAsync(connection, transaction, tenant, ct);
        if (await ImportLog.FindAppliedAsync(connection, transaction, tenant, Kind, sha, ct) is { } previous)
            return run.Report(ImportOutcome.AlreadyImported,
                $"Ce fichier a déjà été importé (sous le nom « {previous.Name} », le {previous.At.InZone(Paris):dd/MM/yyyy à HH:mm}) : rien n'a changé.", null, 0);
        var latest = await ImportLog.LatestFluxAsync(connection, transaction, tenant, ct);

        // Parsing (CPU, in the reader) and applying (mostly the database) overlap: one task reads batches ahead while
        // this one applies them. Batches of an invalid file are applied too, then rolled back with the rest.
        using var reader = CafFluxReader.Open(stream);
        var batches = Channel.CreateBounded<List<FluxHousehold>>(2);
        string? refusal = null;
        var producer = Task.Run(async () =>
        {
            try
            {
                var batch = new List<FluxHousehold>(options.BatchSize);
                foreach (var household in reader.Households())
                {
                    if (run.Header is null)
                    {
                        run.Header = reader.Header!;
                        if ((refusal = OlderThan(latest, run.Header)) is not null) return;
                    }
                    batch.Add(household);
                    if (batch.Count < options.BatchSize) continue;
                    await batches.Writer.WriteAsync(batch, ct);
                    batch = new List<FluxHousehold>(options.BatchSize);
                }
                if (run.Header is null && reader.Header is { } header)
                {
                    run.Header = header;
                    refusal = OlderThan(latest, header);
                }
                if (refusal is null && reader.IsValid && batch.Count > 0) await batches.Writer.WriteAsync(batch, ct);
            }
            finally
            {
                batches.Writer.Complete();
            }
        }, ct);
        await foreach (var batch in batches.Reader.ReadAllAsync(ct))
        {
            await ImportTimings.MeasureAsync("cnaf.batch", () => ApplyBatchAsync(connection, transaction, run, batch, today, ct));
            // Each batch's events are appended at once (same transaction): memory stays bounded by a batch whatever the file size.
            var appended = await ImportTimings.MeasureAsync("cnaf.append", () =>
                store.AppendBulkAsync(connection, transaction, tenant, run.Pending.TakeAppends(), new EventMetadata(options.Actor), ct));
            run.EventsAppended += appended.EventCount;
            ImportMetrics.Processed("cnaf", batch.Count);
            bytesRead?.Invoke(stream.Position);
        }
        await producer;
        bytesRead?.Invoke(stream.Length);

        if (refusal is not null || !reader.IsValid)
        {
            await transaction.RollbackAsync(ct);
            var errors = reader.Errors.Select(e => new ImportRejection(
                $"ligne {e.Line}:{e.Column}" + (e.Household is { } h ? $", foyer n° {h}" : ""), e.Household is null ? "flux.file" : "flux.record", e.Message));
            var report = run.Report(ImportOutcome.Refused,
                refusal ?? $"Le fichier n'est pas un flux valide ({reader.Errors.Count} erreur(s)) : rien n'a été importé.", [.. errors], reader.HouseholdsRead)
                with { RefusalCode = refusal is null ? "flux.invalid" : "flux.older" };
            return report with { Id = await ImportLog.SaveRefusedAsync(dataSource, tenant, report, options.Actor, clock.GetCurrentInstant(), ct) };
        }

        var applied = run.Report(ImportOutcome.Applied, null, null, reader.HouseholdsRead) with { EventsAppended = run.EventsAppended };
        var id = await ImportLog.SaveAsync(connection, transaction, tenant, applied, options.Actor, clock.GetCurrentInstant(), ct);
        await transaction.CommitAsync(ct);
        return applied with { Id = id };
    }

    private static string? OlderThan((LocalDate Date, string Name)? latest, FluxHeader header) =>
        latest is { } l && header.ReferenceDate < l.Date
            ? $"Ce flux est daté du {header.ReferenceDate:dd/MM/yyyy} (DTREF), antérieur au dernier flux importé "
              + $"(« {l.Name} », du {l.Date:dd/MM/yyyy}) : il est refusé. Importez les flux dans l'ordre de leurs dates."
            : null;

    /// <summary>One batch of households: find their people's cases, read what may change, decide, queue the events and identities.</summary>
    private async Task ApplyBatchAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Run run, List<FluxHousehold> batch, LocalDate today, CancellationToken ct)
    {
        var lines = batch.SelectMany(h => h.People.Select(p => (Household: h, Person: p))).ToList();
        var keys = lines.Where(l => IsTracked(l.Person)).Select(l => Key(l.Household, l.Person)).Distinct().ToList();
        var found = new Dictionary<CafPersonKey, CaseId>(await ImportTimings.MeasureAsync("cnaf.find-caf", () => identities.FindByCafAsync(connection, transaction, run.Tenant.Code, keys, ct)));
        await ImportTimings.MeasureAsync("cnaf.find-nir", () => FindByNirAsync(connection, transaction, run, lines, found, ct));
        var known = keys.Select(k => run.Created.TryGetValue(k, out var c) ? c : found.TryGetValue(k, out var f) ? f : (CaseId?)null)
            .OfType<CaseId>().Where(c => !run.Pending.IsTracked(c)).Distinct().ToList();
        var glances = await ImportTimings.MeasureAsync("cnaf.glance", () => CaseStates.GlanceAsync(connection, transaction, known, ct));

        var toRead = lines.Where(l => IsTracked(l.Person))
            .Select(l => (l.Household, l.Person, Case: CaseOf(run, found, Key(l.Household, l.Person))))
            .Where(l => l.Case is { } c && !run.Pending.IsTracked(c)
                && (!glances.TryGetValue(c, out var g) || ChangeRules.MayChange(l.Household, l.Person, g.Phase, g.SubjectToRightsAndDuties)))
            .Select(l => l.Case!.Value).Distinct().ToList();
        foreach (var (@case, history) in await ImportTimings.MeasureAsync("cnaf.histories", () => CaseStates.HistoriesAsync(store, connection, transaction, run.Tenant, toRead, ct)))
            run.Pending.Track(@case, history);

        var newIdentities = new List<(CaseId, PersonIdentity)>();
        var metadata = new EventMetadata(run.Options.Actor,
            RecordedAtOverride: run.Options.ReplayHistory ? run.Header!.CreatedAt.InZoneLeniently(Paris).ToInstant() : null);
        foreach (var (household, person) in lines)
        {
            run.People++;
            if (!IsTracked(person))
            {
                run.Count(CafChange.Ignored);
                continue;
            }
            var key = Key(household, person);
            var @case = CaseOf(run, found, key);
            if (@case is { } existing && !run.Pending.IsTracked(existing))
            {
                run.Count(CafChange.Unchanged); // its summary says this line cannot change it
                continue;
            }
            var episode = @case is { } c ? run.Pending.StateOf(c).CurrentEpisode : null;
            var territory = household.CommuneCode is { } commune ? run.Options.Territories?.GetValueOrDefault(commune) : null;
            var changes = ChangeRules.Derive(household, person, run.Header!.ReferenceDate, territory, episode);
            if (changes.Count == 0)
            {
                run.Count(@case is null ? CafChange.Ignored : CafChange.Unchanged);
                continue;
            }
            var target = @case ?? NewCase(run, key, person.Nir);
            foreach (var (change, command) in changes)
            {
                if (run.Pending.Decide(target, command, today, metadata) is { } rejection)
                {
                    run.Rejections.Add(new ImportRejection(
                        $"ligne {household.Line}, foyer n° {household.Index} (matricule {household.Matricule}), personne {person.RsaRole}",
                        rejection.Code, rejection.Message));
                    break;
                }
                run.Count(change);
                if (command is EnterRsa or ReenterRsa)
                    newIdentities.Add((target, new PersonIdentity(person.LastName, person.FirstName, person.BirthDate, person.Nir,
                        household.Matricule, person.RsaRole, household.Address)));
            }
        }
        if (newIdentities.Count > 0) await ImportTimings.MeasureAsync("cnaf.save-identities", () => identities.SaveAsync(connection, transaction, run.Tenant.Code, newIdentities, ct));
        // Later batches find these people through the identity store, in this transaction: nothing of them stays in memory.
        run.Created.Clear();
        run.CreatedByNir.Clear();
    }

    /// <summary>
    /// A person the CAF now files under another household (a couple that parted, a transfer) keeps their case: those not
    /// found by CAF number and role are looked for by NIR.
    /// </summary>
    private async Task FindByNirAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Run run, List<(FluxHousehold Household, FluxPerson Person)> lines,
        Dictionary<CafPersonKey, CaseId> found, CancellationToken ct)
    {
        var missing = lines.Where(l => IsTracked(l.Person) && l.Person.Nir is not null)
            .Select(l => (Key: Key(l.Household, l.Person), Nir: l.Person.Nir!))
            .Where(l => !found.ContainsKey(l.Key) && !run.Created.ContainsKey(l.Key))
            .ToList();
        if (missing.Count == 0) return;
        var byNir = await identities.FindByNirAsync(connection, transaction, run.Tenant.Code, [.. missing.Select(m => m.Nir).Distinct()], ct);
        foreach (var (key, nir) in missing)
            if (run.CreatedByNir.TryGetValue(nir, out var created)) found[key] = created;
            else if (byNir.TryGetValue(nir, out var existing)) found[key] = existing;
    }

    private static CaseId NewCase(Run run, CafPersonKey key, string? nir)
    {
        var created = CaseId.New();
        run.Created[key] = created;
        if (nir is not null) run.CreatedByNir[nir] = created;
        run.Pending.Track(created, []);
        return created;
    }

    private static CaseId? CaseOf(Run run, Dictionary<CafPersonKey, CaseId> found, CafPersonKey key) =>
        run.Created.TryGetValue(key, out var created) ? created : found.TryGetValue(key, out var existing) ? existing : null;

    private static bool IsTracked(FluxPerson person) => person.RsaRole is { } role && TrackedRoles.Contains(role);

    private static CafPersonKey Key(FluxHousehold household, FluxPerson person) => new(household.Matricule, person.RsaRole!);

    /// <summary>The state of one import as it goes.</summary>
    private sealed class Run(TenantId tenant, string name, string sha, CafImportOptions options)
    {
        public TenantId Tenant { get; } = tenant;
        public CafImportOptions Options { get; } = options;
        public FluxHeader? Header { get; set; }
        public PendingCases Pending { get; } = new();
        /// <summary>The people this batch creates (its later lines may name them again), until its identities are saved.</summary>
        public Dictionary<CafPersonKey, CaseId> Created { get; } = [];
        public Dictionary<string, CaseId> CreatedByNir { get; } = [];
        public List<ImportRejection> Rejections { get; } = [];
        public int People { get; set; }
        public long EventsAppended { get; set; }
        private readonly Dictionary<CafChange, int> _counts = [];

        public void Count(CafChange change) => _counts[change] = _counts.GetValueOrDefault(change) + 1;

        public ImportReport Report(ImportOutcome outcome, string? message, IReadOnlyList<ImportRejection>? rejections, int households) =>
            new(Kind, name, sha, outcome, message, Header?.ReferenceDate, Header?.CreatedAt,
                CafChanges.All.Where(c => _counts.ContainsKey(c)).ToDictionary(c => c.Label(), c => _counts[c]),
                rejections ?? Rejections, 0, households);
    }
}
