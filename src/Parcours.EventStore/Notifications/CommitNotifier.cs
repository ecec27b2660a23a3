using Npgsql;

namespace Parcours.EventStore.Notifications;

/// <summary>
/// Sends <c>pg_notify('parcours_events', tenant)</c> after appends commit, coalesced: at most one notifying
/// transaction per <c>interval</c>, naming each tenant that appended since the last one.
/// <para>
/// Why not notify inside each append's transaction: PostgreSQL serialises the commits of notifying transactions
/// (<c>PreCommit_Notify</c> takes a database-wide lock held until the commit record is flushed), so concurrent appends
/// lose group commit; measured with 4 writers, the append rate fell from 0.86 to 0.44 of a raw INSERT. A notification
/// only wakes subscribers, who then read the log, so one per interval is enough. If the process dies between a commit
/// and the next send, subscribers catch up on their safety poll (<see cref="EventNotifications.WaitAsync"/>).
/// </para>
/// </summary>
internal sealed class CommitNotifier(NpgsqlDataSource dataSource, TimeSpan interval)
{
    private readonly object _gate = new();
    private readonly HashSet<string> _pending = [];
    private bool _sending;

    /// <summary>Notes that <paramref name="tenant"/> committed events; never blocks the caller.</summary>
    public void Committed(string tenant)
    {
        lock (_gate)
        {
            _pending.Add(tenant);
            if (_sending) return;
            _sending = true;
        }

        _ = Task.Run(SendLoopAsync);
    }

    private async Task SendLoopAsync()
    {
        while (true)
        {
            string[] tenants;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _sending = false;
                    return;
                }

                tenants = [.. _pending];
                _pending.Clear();
            }

            try
            {
                await using var command = dataSource.CreateCommand(
                    $"SELECT pg_notify('{EventStoreOptions.NotificationChannel}', t) FROM unnest($1::text[]) AS t");
                command.Parameters.Add(new NpgsqlParameter { Value = tenants });
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or ObjectDisposedException or InvalidOperationException or System.IO.IOException)
            {
                // A lost wake-up only delays subscribers until their safety poll; the events themselves are committed.
            }

            await Task.Delay(interval);
        }
    }
}
