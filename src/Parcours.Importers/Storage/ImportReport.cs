using NodaTime;

namespace Parcours.Importers.Storage;

public enum ImportOutcome { Applied, DryRun, AlreadyImported, Refused }

/// <summary>A record (household, person or CSV row) left out of an import, where it is and why.</summary>
/// <param name="Position">"ligne 12:5, foyer n° 3" in a flux, "ligne 14" in a CSV file.</param>
/// <param name="Code">Stable: a decider rejection code, or the importer's own (<c>flux.schema</c>, <c>csv.date</c>...).</param>
public sealed record ImportRejection(string Position, string Code, string Message)
{
    public override string ToString() => $"{Position} : {Message} [{Code}]";
}

/// <summary>What an import did: counts of each change (or step) by its French label, rejections, events appended.</summary>
public sealed record ImportReport(
    string Kind,
    string FileName,
    string Sha256,
    ImportOutcome Outcome,
    string? Message,
    LocalDate? ReferenceDate,
    LocalDateTime? CreatedAt,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<ImportRejection> Rejections,
    long EventsAppended,
    int Records)
{
    public bool Applied => Outcome is ImportOutcome.Applied;

    /// <summary>Its row in <c>parcours_import.files</c> once kept (applied, dry run or refused); null for an already imported file.</summary>
    public long? Id { get; init; }

    /// <summary>Why a whole file was refused, stable: <c>flux.invalid</c> (schema, truncation, trailer), <c>flux.older</c> (DTREF before the latest flux).</summary>
    public string? RefusalCode { get; init; }
}
