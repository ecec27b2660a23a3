using NodaTime;
using Npgsql;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Identity;

/// <summary>
/// Who a person is: kept outside the event log (events only carry the pseudonymous <see cref="CaseId"/>), encrypted
/// per person, and erasable. The contract between the importers, the API and the store; see docs/privacy.md.
/// </summary>
public sealed record PersonIdentity(
    string LastName,
    string FirstName,
    LocalDate? BirthDate,
    string? Nir,
    string? CafNumber,
    string? CafRole,
    string? Address);

/// <summary>A person as the CAF names them: the household's CAF number (matricule) and their role in it (DEM, CJT...).</summary>
public readonly record struct CafPersonKey(string CafNumber, string Role);

/// <summary>Why and by whom an identity is read; every read is written to the access log.</summary>
public sealed record IdentityAccess(string Actor, string Reason);

public interface IIdentityStore
{
    /// <summary>Saves or replaces identities, in the caller's transaction, so an import applies whole or not at all.</summary>
    Task SaveAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string tenant,
        IReadOnlyCollection<(CaseId Case, PersonIdentity Identity)> identities,
        CancellationToken cancellationToken = default);

    /// <summary>The cases of these CAF persons, found without decrypting anything (keyed hashes); unknown keys are absent.</summary>
    Task<IReadOnlyDictionary<CafPersonKey, CaseId>> FindByCafAsync(
        string tenant, IReadOnlyCollection<CafPersonKey> keys, CancellationToken cancellationToken = default);

    /// <summary>The cases of these NIRs, found without decrypting anything; unknown NIRs are absent.</summary>
    Task<IReadOnlyDictionary<string, CaseId>> FindByNirAsync(
        string tenant, IReadOnlyCollection<string> nirs, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="FindByCafAsync(string, IReadOnlyCollection{CafPersonKey}, CancellationToken)"/> in the caller's
    /// transaction: it also finds the identities that transaction has saved (an import finds the people its earlier batches
    /// entered without keeping them in memory).
    /// </summary>
    Task<IReadOnlyDictionary<CafPersonKey, CaseId>> FindByCafAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, IReadOnlyCollection<CafPersonKey> keys,
        CancellationToken cancellationToken = default);

    /// <summary><see cref="FindByNirAsync(string, IReadOnlyCollection{string}, CancellationToken)"/> in the caller's transaction.</summary>
    Task<IReadOnlyDictionary<string, CaseId>> FindByNirAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, IReadOnlyCollection<string> nirs,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The cases whose last and first names equal these once normalised (case, accents, hyphens, apostrophes and spaces
    /// ignored: see <see cref="IdentityKeys.NormalizeName"/>), found without decrypting anything; namesakes all come back.
    /// A blind index matches whole names only: no prefix, no spelling tolerance.
    /// </summary>
    Task<IReadOnlyList<CaseId>> FindByNameAsync(string tenant, string lastName, string firstName, CancellationToken cancellationToken = default);

    /// <summary>Decrypts one identity and logs the access. Null when the case has none or it was erased.</summary>
    Task<PersonIdentity?> ReadAsync(string tenant, CaseId @case, IdentityAccess access, CancellationToken cancellationToken = default);

    /// <summary>Destroys the person's key: the identity becomes unrecoverable; events and indicators are untouched.</summary>
    Task<bool> EraseAsync(string tenant, CaseId @case, IdentityAccess access, CancellationToken cancellationToken = default);
}
