using System.Text;
using Npgsql;
using NodaTime;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Importers.Storage;

namespace Parcours.Importers.Steps;

/// <param name="DryRun">Decide every row and report, write nothing.</param>
/// <param name="ValidRowsOnly">Apply the rows the decider accepts even when others are rejected (default: all or nothing).</param>
public sealed record StepImportOptions(string Actor = "import-etapes", bool DryRun = false, bool ValidRowsOnly = false, int BatchSize = 2_000);

/// <summary>
/// <c>parcours import steps</c>: reads a steps CSV (see <see cref="StepCsvFormat"/>) row by row, finds each person by CAF
/// number and role or by NIR (an entry row of an unknown person creates their case and identity), and puts each row's
/// command to the decider against the case as the rows before it left it. Every rejected row is reported with its line
/// and reason; the file applies whole or not at all unless <see cref="StepImportOptions.ValidRowsOnly"/>.
/// </summary>
public sealed class StepImporter(NpgsqlDataSource dataSource, EventStore.EventStore store, IIdentityStore identities, IClock clock)
{
    public const string Kind = "steps";
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    public async Task<ImportReport> ImportFileAsync(
        TenantId tenant, string path, StepImportOptions options, Action<long>? bytesRead = null, CancellationToken ct = default)
    {
        string sha;
        await using (var hashing = File.OpenRead(path)) sha = await ImportLog.Sha256Async(hashing, ct);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return await ImportAsync(tenant, Path.GetFileName(path), sha, stream, options, bytesRead, ct);
    }

    public async Task<ImportReport> ImportAsync(TenantId tenant, string name, byte[] content, StepImportOptions options, CancellationToken ct = default)
    {
        var sha = await ImportLog.Sha256Async(new MemoryStream(content), ct);
        return await ImportAsync(tenant, name, sha, new MemoryStream(content), options, null, ct);
    }

    private async Task<ImportReport> ImportAsync(
        TenantId tenant, string name, string sha, Stream stream, StepImportOptions options, Action<long>? bytesRead, CancellationToken ct)
    {
        await store.EnsureTenantAsync(tenant, ct);
        var run = new Run(tenant, name, sha, options);
        var today = ParisCalendar.Today(clock);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ImportLog.LockTenantAsync(connection, transaction, tenant, ct);
        if (!options.DryRun && await ImportLog.FindAppliedAsync(connection, transaction, tenant, Kind, sha, ct) is { } previous)
            return run.Report(ImportOutcome.AlreadyImported,
                $"Ce fichier a déjà été importé (sous le nom « {previous.Name} », le {previous.At.InZone(Paris):dd/MM/yyyy à HH:mm}) : rien n'a changé.");

        string? refusal = null;
        try
        {
            using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true);
            var csv = new CsvRecords(text);
            var header = csv.Next()?.Fields;
            refusal = header is null ? "Le fichier est vide : la ligne d'en-tête manque." : CheckHeader(header);
            var columns = refusal is null ? header!.Select((h, i) => (h, i)).ToDictionary(c => c.h, c => c.i) : [];
            var batch = new List<(StepRow? Row, RowError? Error, int Line)>(options.BatchSize);
            while (refusal is null && csv.Next() is { } record)
            {
                var (row, error) = StepRowParser.Parse(record.Line,
                    field => columns.TryGetValue(field, out var i) && i < record.Fields.Length ? record.Fields[i] : null);
                batch.Add((row, error, record.Line));
                if (batch.Count < options.BatchSize) continue;
                await ImportTimings.MeasureAsync("steps.batch", () => ApplyBatchAsync(connection, transaction, run, batch, today, ct));
                ImportMetrics.Processed("steps", batch.Count);
                batch.Clear();
                bytesRead?.Invoke(stream.Position);
            }
            if (refusal is null && batch.Count > 0)
            {
                await ImportTimings.MeasureAsync("steps.batch", () => ApplyBatchAsync(connection, transaction, run, batch, today, ct));
                ImportMetrics.Processed("steps", batch.Count);
            }
        }
        catch (DecoderFallbackException)
        {
            refusal = "Le fichier n'est pas encodé en UTF-8 : enregistrez-le en UTF-8 (avec ou sans BOM) et recommencez.";
        }
        catch (CsvFormatException e)
        {
            refusal = $"Le fichier CSV est mal formé : {e.Message}";
        }
        bytesRead?.Invoke(stream.Length);

        var rejected = run.Rejections.Count > 0 && !options.ValidRowsOnly;
        if (refusal is not null || rejected || options.DryRun)
        {
            await transaction.RollbackAsync(ct);
            var report = refusal is not null ? run.Report(ImportOutcome.Refused, refusal + " Rien n'a été importé.")
                : options.DryRun ? run.Report(ImportOutcome.DryRun, "Essai à blanc (--dry-run) : rien n'a été importé.")
                : run.Report(ImportOutcome.Refused,
                    $"{run.Rejections.Count} ligne(s) rejetée(s) : rien n'a été importé (relancez avec --valid-rows-only pour importer les lignes valides).");
            await ImportLog.SaveRefusedAsync(dataSource, tenant, report, options.Actor, clock.GetCurrentInstant(), ct);
            return report;
        }

        var appended = await ImportTimings.MeasureAsync("steps.append", () => store.AppendBulkAsync(connection, transaction, tenant, run.Pending.ToAppends(), new EventMetadata(options.Actor), ct));
        var applied = run.Report(ImportOutcome.Applied, null) with { EventsAppended = appended.EventCount };
        await ImportLog.SaveAsync(connection, transaction, tenant, applied, options.Actor, clock.GetCurrentInstant(), ct);
        await transaction.CommitAsync(ct);
        return applied;
    }

    private static string? CheckHeader(string[] header)
    {
        if (header.Length > 0 && header[0].StartsWith('\uFEFF')) header[0] = header[0][1..];
        var unknown = header.Where(h => !StepCsvFormat.Headers.Contains(h)).ToList();
        if (unknown.Count > 0)
            return $"Colonne(s) inconnue(s) : {string.Join(", ", unknown.Select(u => $"« {u} »"))}. Colonnes possibles : {string.Join(";", StepCsvFormat.Headers)}.";
        var repeated = header.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => $"« {g.Key} »").ToList();
        if (repeated.Count > 0)
            return $"Colonne(s) en double dans l'en-tête : {string.Join(", ", repeated)}. Chaque colonne ne peut figurer qu'une fois.";
        return header.Contains("type") ? null : "La colonne « type » manque dans l'en-tête.";
    }

    private async Task ApplyBatchAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Run run, List<(StepRow? Row, RowError? Error, int Line)> batch,
        LocalDate today, CancellationToken ct)
    {
        var rows = batch.Where(b => b.Row is not null).Select(b => b.Row!).ToList();
        var cafKeys = rows.Where(r => r.Caf is not null && !run.ByCaf.ContainsKey(r.Caf.Value)).Select(r => r.Caf!.Value).Distinct().ToList();
        var nirs = rows.Where(r => r.Caf is null && r.Nir is not null && !run.ByNir.ContainsKey(r.Nir)).Select(r => r.Nir!).Distinct().ToList();
        foreach (var (key, found) in await ImportTimings.MeasureAsync("steps.find-caf", () => identities.FindByCafAsync(run.Tenant.Code, cafKeys, ct))) run.ByCaf[key] = found;
        foreach (var (nir, found) in await identities.FindByNirAsync(run.Tenant.Code, nirs, ct)) run.ByNir[nir] = found;
        var toRead = rows.Select(run.CaseOf).OfType<CaseId>().Where(c => !run.Pending.IsTracked(c)).Distinct().ToList();
        foreach (var (@case, history) in await ImportTimings.MeasureAsync("steps.histories", () => CaseStates.HistoriesAsync(store, connection, transaction, run.Tenant, toRead, ct)))
            run.Pending.Track(@case, history);

        var newIdentities = new List<(CaseId, PersonIdentity)>();
        foreach (var (row, error, line) in batch)
        {
            run.Rows++;
            if (error is not null)
            {
                run.Reject(line, error.Code, error.Message);
                continue;
            }
            var @case = run.CaseOf(row!);
            var creates = @case is null && row!.Command is EnterRsa;
            if (@case is null && !creates)
            {
                run.Reject(line, "csv.person-unknown", row!.Caf is { } k
                    ? $"personne inconnue : aucun dossier pour le matricule CAF {k.CafNumber} et le rôle {k.Role}."
                    : "personne inconnue : aucun dossier pour ce NIR.");
                continue;
            }
            var target = @case ?? CaseId.New();
            if (creates) run.Pending.Track(target, []);
            var before = run.Pending.Events;
            var metadata = new EventMetadata(row!.RecordedBy ?? run.Options.Actor, RecordedAtOverride: row.RecordedAt);
            if (run.Pending.Decide(target, row.Command, today, metadata) is { } rejection)
            {
                run.Reject(line, rejection.Code, rejection.Message);
                continue;
            }
            run.Count(run.Pending.Events > before ? row.Type : "sans changement (déjà enregistré)");
            if (creates)
            {
                run.Remember(row, target);
                newIdentities.Add((target, row.Identity ?? new PersonIdentity("", "", null, row.Nir, row.Caf?.CafNumber, row.Caf?.Role, null)));
            }
        }
        if (newIdentities.Count > 0) await ImportTimings.MeasureAsync("steps.save-identities", () => identities.SaveAsync(connection, transaction, run.Tenant.Code, newIdentities, ct));
    }

    private sealed class Run(TenantId tenant, string name, string sha, StepImportOptions options)
    {
        public TenantId Tenant { get; } = tenant;
        public StepImportOptions Options { get; } = options;
        public PendingCases Pending { get; } = new();
        public Dictionary<CafPersonKey, CaseId> ByCaf { get; } = [];
        public Dictionary<string, CaseId> ByNir { get; } = [];
        public List<ImportRejection> Rejections { get; } = [];
        public int Rows { get; set; }
        private readonly Dictionary<string, int> _counts = [];

        public CaseId? CaseOf(StepRow row) =>
            row.Caf is { } key ? (ByCaf.TryGetValue(key, out var byCaf) ? byCaf : null)
            : row.Nir is { } nir && ByNir.TryGetValue(nir, out var byNir) ? byNir : null;

        public void Remember(StepRow row, CaseId @case)
        {
            if (row.Caf is { } key) ByCaf[key] = @case;
            if (row.Nir is { } nir) ByNir[nir] = @case;
        }

        public void Count(string label) => _counts[label] = _counts.GetValueOrDefault(label) + 1;

        public void Reject(int line, string code, string message) => Rejections.Add(new ImportRejection($"ligne {line}", code, message));

        public ImportReport Report(ImportOutcome outcome, string? message) =>
            new(Kind, name, sha, outcome, message, null, null, new Dictionary<string, int>(_counts), Rejections, 0, Rows);
    }
}
