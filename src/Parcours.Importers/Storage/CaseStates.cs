using Npgsql;
using NpgsqlTypes;
using Parcours.Application;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Schema;

namespace Parcours.Importers.Storage;

/// <summary>What an importer reads of a case: its summary's phase (for every case, cheap) and its whole state (for the few it changes).</summary>
public sealed record CaseGlance(CaseId Case, long Version, PathwayPhase Phase, bool? SubjectToRightsAndDuties);

public static class CaseStates
{
    /// <summary>The case summaries of these cases (inline read model: up to date within the caller's transaction).</summary>
    public static async Task<Dictionary<CaseId, CaseGlance>> GlanceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<CaseId> cases, CancellationToken ct)
    {
        var result = new Dictionary<CaseId, CaseGlance>();
        if (cases.Count == 0) return result;
        await using var command = new NpgsqlCommand(
            $"SELECT case_id, version, phase, subject_to_rights_and_duties FROM {ReadModelSchema.Name}.case_summaries WHERE case_id = ANY($1)",
            connection, transaction)
        {
            Parameters = { new() { Value = cases.Select(c => c.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = new CaseId(reader.GetGuid(0));
            result[id] = new CaseGlance(id, reader.GetInt32(1), Enum.Parse<PathwayPhase>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetBoolean(3));
        }
        return result;
    }

    /// <summary>The full history of these cases as stored (empty for a case without events).</summary>
    public static async Task<Dictionary<CaseId, IReadOnlyList<StoredEvent>>> HistoriesAsync(
        EventStore.EventStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant,
        IReadOnlyCollection<CaseId> cases, CancellationToken ct)
    {
        var streams = await store.ReadStreamsAsync(connection, transaction, tenant, [.. cases.Select(c => new StreamId(c.Value))], ct);
        return cases.ToDictionary(c => c, c => streams.TryGetValue(new StreamId(c.Value), out var events) ? events : (IReadOnlyList<StoredEvent>)[]);
    }
}
