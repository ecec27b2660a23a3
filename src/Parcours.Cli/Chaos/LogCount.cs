using Npgsql;
using Parcours.EventStore.Schema;

namespace Parcours.Cli.Chaos;

/// <summary>How many times each command of a load is in the event log, found by its appointment id.</summary>
public sealed record LogCount(long Found, long Duplicated, long Missing, long UnacknowledgedFound)
{
    public static async Task<LogCount> OfAsync(string database, string tenant, StepLoad load, CancellationToken ct)
    {
        var times = new Dictionary<Guid, long>();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                $"SELECT (data->>'appointmentId')::uuid, count(*) FROM {EventStoreSchema.Name}.events WHERE tenant = @tenant AND type = 'appointment-fixed' GROUP BY 1",
                connection);
            command.Parameters.AddWithValue("tenant", tenant);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) times[reader.GetGuid(0)] = reader.GetInt64(1);
        }
        var acknowledged = load.Acknowledged.Select(c => c.AppointmentId).ToHashSet();
        return new LogCount(
            Found: acknowledged.Count(id => times.GetValueOrDefault(id) == 1),
            Duplicated: times.Count(t => t.Value > 1),
            Missing: acknowledged.Count(id => !times.ContainsKey(id)),
            UnacknowledgedFound: load.Sent.Count(c => !acknowledged.Contains(c.AppointmentId) && times.ContainsKey(c.AppointmentId)));
    }
}
