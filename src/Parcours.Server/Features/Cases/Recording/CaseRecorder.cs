using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using NodaTime;
using Parcours.Application;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Server.Auth;
using Parcours.Server.Features.Metrics;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Cases.Recording;

/// <summary>What a command answers: the case, its version after the command, and the versions it recorded (none when the
/// step was already recorded).</summary>
public sealed record RecordedResponse(Guid CaseId, long Version, IReadOnlyList<long> RecordedVersions);

/// <summary>
/// Runs one command on one case: load the stream, check the caller's territory and <c>If-Match</c>, decide with
/// <see cref="PathwayDecider"/>, append (inline projections run in the same transaction), answer. With an
/// <c>Idempotency-Key</c>, a retry of a command already recorded answers as the first time and records nothing.
/// Without <c>If-Match</c>, an append that loses a race is decided again on the new state (up to three times).
/// </summary>
public sealed class CaseRecorder(EventStore.EventStore store, IClock clock, ParcoursMetrics metrics)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxKeyLength = 200;
    private const int Attempts = 3;

    /// <summary>Builds the command from the state (a correction needs its target's type); field problems go to <c>fields</c>.</summary>
    public delegate IPathwayCommand? CommandBuilder(PathwayState state, RequestFields fields);

    /// <param name="caseId">The case; null when creating one whose id the server draws (a keyed retry then finds the first one's).</param>
    public async Task<IResult> RecordAsync(HttpContext http, string dep, CaseId? caseId, bool creating, CommandBuilder build)
    {
        var start = Stopwatch.GetTimestamp();
        var result = await DecideAndAppendAsync(http, dep, caseId, creating, build);
        metrics.CommandCompleted(http, start, (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK);
        return result;
    }

    private async Task<IResult> DecideAndAppendAsync(HttpContext http, string dep, CaseId? caseId, bool creating, CommandBuilder build)
    {
        var tenant = TenantId.Parse(dep);
        var ct = http.RequestAborted;
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > MaxKeyLength || (http.Request.Headers.ContainsKey(IdempotencyKeyHeader) && string.IsNullOrWhiteSpace(key)))
            return Problems.Result(StatusCodes.Status400BadRequest, "idempotency-key.invalid",
                $"L'en-tête {IdempotencyKeyHeader} doit être une chaîne non vide d'au plus {MaxKeyLength} caractères.");
        if (!CaseVersions.TryReadIfMatch(http.Request, out var expected))
            return Problems.Result(StatusCodes.Status400BadRequest, "if-match.invalid",
                "L'en-tête If-Match doit contenir la version du dossier entre guillemets, par exemple \"3\".");
        var idempotencyKey = key.Length == 0 ? null : key;

        // A retry with an Idempotency-Key answers as the first request did. The key is looked up only when this request
        // would not record anything (the first one changed the state: the decider refuses or has nothing to add, or the
        // If-Match version moved); otherwise the append's own atomic claim of the key detects the retry. The common
        // case, a new command, thus costs no extra round trip.
        async Task<IResult?> FirstAnswerAsync()
        {
            if (idempotencyKey is null || await store.FindKeyedAppendAsync(tenant, idempotencyKey, ct) is not { } keyed) return null;
            return caseId is null || keyed.StreamId.Value == caseId.Value.Value
                ? Answer(http, dep, new CaseId(keyed.StreamId.Value), creating, keyed.StreamVersion,
                    Range(keyed.FirstVersion, keyed.StreamVersion), replayed: true)
                : KeyReused(idempotencyKey);
        }

        var id = caseId ?? CaseId.New();
        var stream = new StreamId(id.Value);

        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.ReadStreamAsync(tenant, stream, cancellationToken: ct);
            var history = stored.Select(PathwayEventStore.ToRecorded).ToList();
            if (!creating && history.Count == 0) return CaseNotFound(id);
            var state = PathwayState.From(history);
            if (!http.User.MaySeeTerritory(state.CurrentEpisode?.Territory) && history.Count > 0) return TerritoryForbidden();

            var fields = new RequestFields();
            var command = build(state, fields);
            if (fields.HasErrors || command is null) return fields.Problem();
            if (NewTerritory(command) is { } territory && !http.User.MaySeeTerritory(territory.Value?.Trim()))
                return TerritoryForbidden();
            if (expected is { } version && version != state.Version) return await FirstAnswerAsync() ?? VersionMismatch(http, state.Version);

            var decision = PathwayDecider.Decide(command, state, ParisCalendar.Today(clock));
            if (decision is Decision.Rejected { Rejection: var rejection }) return await FirstAnswerAsync() ?? Rejected(rejection);
            var events = ((Decision.Accepted)decision).Events;
            if (events.Count == 0) return await FirstAnswerAsync() ?? Answer(http, dep, id, creating: false, state.Version, [], replayed: false);

            try
            {
                var result = await store.AppendAsync(
                    tenant, stream, PathwayEventTypes.StreamType, ExpectedVersion.Exactly(state.Version), [.. events],
                    new EventMetadata(http.User.Actor(), CorrelationId: Correlation.Of(http)), idempotencyKey, ct,
                    knownHistory: stored); // the inline summary need not read the stream again
                return Answer(http, dep, id, creating, result.StreamVersion,
                    Range(result.StreamVersion - result.Positions.Count + 1, result.StreamVersion), result.Replayed);
            }
            catch (ConcurrencyException) when (expected is null && attempt < Attempts)
            {
                // Someone recorded on this case between our read and our append: decide again on the new state.
            }
            catch (ConcurrencyException)
            {
                if (await FirstAnswerAsync() is { } first) return first;
                var current = (await store.ReadStreamAsync(tenant, stream, cancellationToken: ct)).Count;
                return VersionMismatch(http, current);
            }
            catch (IdempotencyKeyReusedException)
            {
                // A racing retry of a creation whose id the server drew: the first one won, answer as it did.
                return caseId is null && await store.FindKeyedAppendAsync(tenant, idempotencyKey!, ct) is { } first
                    ? Answer(http, dep, new CaseId(first.StreamId.Value), creating, first.StreamVersion,
                        Range(first.FirstVersion, first.StreamVersion), replayed: true)
                    : KeyReused(idempotencyKey!);
            }
            catch (StreamTenantMismatchException)
            {
                return Problems.Result(StatusCodes.Status409Conflict, "case.id-taken",
                    $"L'identifiant {id} est déjà pris : laissez le serveur choisir l'identifiant du dossier.");
            }
        }
    }

    /// <summary>
    /// The territory a command would give the case (an entry, a re-entry, or a correction of one), wrapped so that "no
    /// territory" (null inside) differs from "the command sets none" (null): a manager restricted to territories may
    /// neither create a case elsewhere nor move one there by correcting its entry.
    /// </summary>
    private static StrongBox<string?>? NewTerritory(IPathwayCommand command) => command switch
    {
        EnterRsa e => new(e.Territory),
        ReenterRsa r => new(r.Territory),
        CorrectStep { Replacement: RsaEntered e } => new(e.Territory),
        CorrectStep { Replacement: RsaReentered r } => new(r.Territory),
        _ => null,
    };

    public static IResult CaseNotFound(CaseId caseId) =>
        Problems.Result(StatusCodes.Status404NotFound, "case.not-found", $"Aucun dossier {caseId} dans ce département.");

    public static IResult TerritoryForbidden() =>
        Problems.Result(StatusCodes.Status403Forbidden, "case.territory-forbidden",
            "Ce jeton est limité à certains territoires : ce dossier (ou ce territoire) n'en fait pas partie.");

    /// <summary>422 naming the domain rule (its stable code) and, for a correction, the rule the changed history would break.</summary>
    public static IResult Rejected(Rejection rejection) =>
        Problems.Result(StatusCodes.Status422UnprocessableEntity, rejection.Code, rejection.Message,
            rejection.Cause is { } cause
                ? new Dictionary<string, object?> { ["rule"] = rejection.Code, ["cause"] = cause.Code }
                : new Dictionary<string, object?> { ["rule"] = rejection.Code });

    private static IResult VersionMismatch(HttpContext http, long current)
    {
        CaseVersions.SetETag(http.Response, current);
        return Problems.Result(StatusCodes.Status412PreconditionFailed, "case.version-mismatch",
            $"Le dossier a changé depuis votre lecture : il est maintenant en version {current}. Relisez-le, puis renvoyez l'étape avec If-Match: \"{current}\".",
            new Dictionary<string, object?> { ["currentVersion"] = current });
    }

    private static IResult KeyReused(string key) =>
        Problems.Result(StatusCodes.Status409Conflict, "idempotency-key.reused",
            $"La clé d'idempotence « {key} » a déjà servi pour un autre dossier.");

    private static IResult Answer(HttpContext http, string dep, CaseId caseId, bool creating, long version, IReadOnlyList<long> recorded, bool replayed)
    {
        CaseVersions.SetETag(http.Response, version);
        if (replayed) http.Response.Headers[ReplayedHeader] = "true";
        var body = new RecordedResponse(caseId.Value, version, recorded);
        return creating && recorded.Count > 0
            ? TypedResults.Created($"/api/departements/{dep}/cases/{caseId}", body)
            : TypedResults.Ok(body);
    }

    private static long[] Range(long first, long last) => first > last ? [] : [.. Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i)];
}
