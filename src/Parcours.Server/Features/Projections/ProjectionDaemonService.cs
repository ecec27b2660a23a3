using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parcours.Projections;
using Parcours.Projections.Indicators;

namespace Parcours.Server.Features.Projections;

/// <summary>
/// Runs the indicator projection daemon (<see cref="ProjectionDaemon.RunAsync"/>) for every tenant while the server
/// runs. It ensures the read models' schemas first, so it also waits out a database not yet reachable. A transient
/// failure inside a round is retried by the daemon with a doubling pause; anything that escapes it (the notification
/// listener's start, a schema migration, an unexpected error) restarts the whole loop after a doubling pause too, so the
/// server never stops for it. Several servers may run it: the daemon's advisory locks let one work per tenant.
/// </summary>
internal sealed partial class ProjectionDaemonService(ReadModels models, DaemonStatus status, ILogger<ProjectionDaemonService> logger)
    : BackgroundService
{
    private static readonly DaemonRunOptions Retry = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting
        var failures = 0;
        var options = Retry with
        {
            OnCaughtUp = () =>
            {
                if (!status.CaughtUpSinceStart) LogCaughtUp();
                status.CaughtUp();
            },
            OnError = (e, delay) =>
            {
                status.Failed(e, delay);
                LogTransient(e, delay.TotalSeconds);
            },
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await models.EnsureSchemasAsync(stoppingToken);
                failures = 0;
                await models.Daemon.RunAsync(options, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = Retry.RetryDelay(++failures);
                status.Failed(e, delay);
                if (ProjectionDaemon.IsTransient(e)) LogTransient(e, delay.TotalSeconds);
                else LogFailed(e, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Projection des indicateurs à jour pour tous les départements.")]
    private partial void LogCaughtUp();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection des indicateurs interrompue (base injoignable ?) ; reprise dans {Seconds} s.")]
    private partial void LogTransient(Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Projection des indicateurs en échec ; reprise dans {Seconds} s.")]
    private partial void LogFailed(Exception exception, double seconds);
}
