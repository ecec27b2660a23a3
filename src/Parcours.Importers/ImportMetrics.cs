using System.Diagnostics.Metrics;

namespace Parcours.Importers;

/// <summary>
/// Import progress as a metric (meter <see cref="MeterName"/>): <c>parcours.import.records</c> counts the records
/// read and applied or rejected, by kind (<c>cnaf</c>: households of a CAF flux; <c>steps</c>: rows of a steps CSV), batch
/// by batch while an import runs. The server exports it on /metrics for imports it runs; the CLI has no exporter.
/// </summary>
public static class ImportMetrics
{
    public const string MeterName = "Parcours.Import";
    public const string RecordsInstrument = "parcours.import.records";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Records = Meter.CreateCounter<long>(
        RecordsInstrument, unit: "{record}", description: "Enregistrements d'import traités (appliqués ou rejetés), par type d'import.");

    public static void Processed(string kind, int count) => Records.Add(count, new KeyValuePair<string, object?>("kind", kind));
}
