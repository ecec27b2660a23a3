using Npgsql;

namespace Parcours.EventStore.Notifications;

/// <summary>
/// Wakes subscribers when events are appended, without hard polling. Appends send
/// <c>pg_notify('parcours_events', tenant)</c> inside their transaction, so PostgreSQL delivers it only on commit.
/// This listener holds its own connection, LISTENs, and on each notification completes the current wake-up signal.
/// A lost connection is reopened (after a short pause) and subscribers are woken, since notifications sent while
/// disconnected are lost. Subscribers still wait with a timeout: the slow safety poll.
/// </summary>
public sealed class EventNotifications : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeSpan _reconnectDelay;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _signal = NewSignal();
    private Task? _loop;

    public EventNotifications(NpgsqlDataSource dataSource, TimeSpan? reconnectDelay = null)
    {
        _dataSource = dataSource;
        _reconnectDelay = reconnectDelay ?? TimeSpan.FromSeconds(2);
    }

    /// <summary>The number of notifications received so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    private long _received;

    /// <summary>Starts listening; completes once the first LISTEN is in place.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        _loop ??= Task.Run(() => ListenLoopAsync(_stop.Token), CancellationToken.None);
        return _listening.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Completes on the next notification (true) or after <paramref name="safetyPoll"/> (false), whichever comes first.
    /// Take the task before reading the log, so a notification arriving during the read is not missed.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan safetyPoll, CancellationToken cancellationToken = default)
    {
        var signal = Volatile.Read(ref _signal).Task;
        try
        {
            await signal.WaitAsync(safetyPoll, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task ListenLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stop);
                connection.Notification += (_, _) =>
                {
                    Interlocked.Increment(ref _received);
                    Wake();
                };
                try
                {
                    await using (var listen = new NpgsqlCommand($"LISTEN {EventStoreOptions.NotificationChannel}", connection))
                        await listen.ExecuteNonQueryAsync(stop);
                    Wake(); // anything appended while we were not listening
                    _listening.TrySetResult();
                    while (!stop.IsCancellationRequested) await connection.WaitAsync(stop);
                }
                finally
                {
                    await UnlistenAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
                try { await Task.Delay(_reconnectDelay, stop); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>
    /// A connection going back to the pool alive must not keep listening: pools configured not to reset connections on
    /// return (the server's) would hand it out still subscribed, and a subscribed session that never reads holds back
    /// PostgreSQL's notification queue for every session until it is full. (A connection broken by the cancelled wait is
    /// not returned to the pool: nothing to undo.)
    /// </summary>
    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Open) return;
        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException)
        {
            // Broken meanwhile: the pool discards it.
        }
    }

    private void Wake() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        _stop.Dispose();
    }
}
