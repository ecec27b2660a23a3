using NodaTime;
using Parcours.Importers.Storage;

namespace Parcours.Server.Features.Imports;

public sealed record RejectionView(string Position, string Code, string Message)
{
    public static RejectionView From(ImportRejection r) => new(r.Position, r.Code, r.Message);
}

/// <summary>
/// An import report as the API shows it: outcome (<c>applied</c>, <c>refused</c>, <c>already-imported</c>), counts of each
/// change by its French label, events appended, rejected records (position, stable code, French message).
/// </summary>
public sealed record ImportView(
    long? Id,
    string Kind,
    string FileName,
    string Sha256,
    string Outcome,
    string? Message,
    LocalDate? ReferenceDate,
    LocalDateTime? CreatedAt,
    Instant? ImportedAt,
    string? ImportedBy,
    IReadOnlyDictionary<string, int> Counts,
    long Events,
    int Rejected,
    IReadOnlyList<RejectionView> Rejections)
{
    /// <summary>Rejections shown in a response (all are kept; <c>rejected</c> gives their number).</summary>
    public const int MaxRejections = 1_000;

    /// <summary>A report not (or not yet) read back from the log: an already imported file's.</summary>
    public static ImportView From(ImportReport r) => new(
        r.Id, r.Kind, r.FileName, r.Sha256, OutcomeCode(r.Outcome), r.Message, r.ReferenceDate, r.CreatedAt,
        null, null, r.Counts, r.EventsAppended, r.Rejections.Count,
        [.. r.Rejections.Take(MaxRejections).Select(RejectionView.From)]);

    public static ImportView From(StoredImport s) => new(
        s.Id, s.Kind, s.FileName, s.Sha256, s.Outcome, s.Message, s.ReferenceDate, s.CreatedAt, s.ImportedAt, s.ImportedBy,
        s.Counts, s.Events, s.Rejected, [.. s.Rejections.Select(RejectionView.From)]);

    private static string OutcomeCode(ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Applied => "applied",
        ImportOutcome.DryRun => "dry-run",
        ImportOutcome.AlreadyImported => "already-imported",
        _ => "refused",
    };
}
