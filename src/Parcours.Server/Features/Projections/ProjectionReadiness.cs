using Npgsql;
using Parcours.Projections;

namespace Parcours.Server.Features.Projections;

/// <summary>The indicator projection's lag for one tenant, as <c>/health/ready</c> shows it.</summary>
public sealed record TenantLag(string Tenant, string Checkpoint, long EventsBehind, long CasesDue, long DirtyCohorts);

/// <summary>
/// Whether the hosted daemon has caught every tenant up since start-up (the server is not ready before: its figures
/// could be far behind the log), with the lag of each tenant now and the last failure, if any.
/// </summary>
public sealed record ProjectionReadiness(bool CaughtUpSinceStart, IReadOnlyList<TenantLag> Tenants, string? LastError)
{
    public static async Task<ProjectionReadiness> CheckAsync(DaemonStatus status, ReadModels models, CancellationToken ct)
    {
        var lags = new List<TenantLag>();
        try
        {
            foreach (var tenant in await models.Daemon.TenantsAsync(ct))
            {
                var lag = await models.Daemon.LagAsync(tenant, ct);
                lags.Add(new TenantLag(tenant.Code, lag.Checkpoint.ToString(), lag.EventsBehind, lag.CasesDue, lag.DirtyCohorts));
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The database check reports an unreachable database; here only the daemon's own state matters.
        }
        return new ProjectionReadiness(status.CaughtUpSinceStart, lags, status.LastFailure?.Error);
    }
}
