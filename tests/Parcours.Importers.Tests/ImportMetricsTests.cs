using System.Diagnostics.Metrics;
using System.Text;
using Parcours.Importers.Cnaf.Flux;
using Parcours.Importers.Steps;
using Parcours.Importers.Tests.Support;
using static Parcours.Importers.Tests.Support.Flux;

namespace Parcours.Importers.Tests;

/// <summary>Import progress as a metric: every record read counts once, applied or rejected, by kind.</summary>
public sealed class ImportMetricsTests
{
    [Fact]
    public async Task Every_household_of_a_flux_and_every_row_of_a_steps_file_counts_once_by_kind()
    {
        await using var h = await ImportHarness.CreateAsync("import_metrics");
        using var recorder = new Recorder();

        await recorder.WithinAsync(() => h.ImportFluxAsync("janvier.xml",
            File(January, Household("3000001", RightState.OpenPayable), Household("3000002", RightState.OpenPayable), Household("3000003", RightState.OpenPayable))));
        var csv = Encoding.UTF8.GetBytes(string.Join("\r\n",
            "type;matricule_caf;role;nir;date;parcours;organisme;canal;id_rdv;nature_rdv;date_rdv;issue;nature_contrat",
            "orientation;3000001;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;",
            "orientation;3000002;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;",
            "orientation;9999999;DEM;;25/01/2024;social;MDS Nord;gestionnaire;;;;;") + "\r\n");
        await recorder.WithinAsync(() => h.Services.Steps.ImportAsync(ImportHarness.Tenant, "etapes.csv", csv, new StepImportOptions(ValidRowsOnly: true, BatchSize: 2)));

        recorder.Totals.OrderBy(t => t.Key).ShouldBe([new("cnaf", 3), new("steps", 3)]);
    }

    /// <summary>The records counted in this test's own async flow (other tests import in parallel in the same process).</summary>
    private sealed class Recorder : IDisposable
    {
        private static readonly AsyncLocal<Recorder?> Current = new();
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _totals = [];

        public Recorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ImportMetrics.MeterName && instrument.Name == ImportMetrics.RecordsInstrument) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                if (Current.Value != this) return;
                var kind = (string)tags.ToArray().Single(t => t.Key == "kind").Value!;
                lock (_totals) _totals[kind] = _totals.GetValueOrDefault(kind) + value;
            });
            _listener.Start();
        }

        public IReadOnlyDictionary<string, long> Totals
        {
            get { lock (_totals) return new Dictionary<string, long>(_totals); }
        }

        public async Task WithinAsync<T>(Func<Task<T>> action)
        {
            Current.Value = this;
            try { await action(); }
            finally { Current.Value = null; }
        }

        public void Dispose() => _listener.Dispose();
    }
}
