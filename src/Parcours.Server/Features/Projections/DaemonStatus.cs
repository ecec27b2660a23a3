using NodaTime;

namespace Parcours.Server.Features.Projections;

/// <summary>
/// What the hosted projection daemon has reached, for <c>/health/ready</c>: whether it caught every tenant up once since
/// start-up (until then the figures may be far behind the log, so the server is not ready), and its last failure.
/// </summary>
public sealed class DaemonStatus(IClock clock)
{
    private volatile bool caughtUpOnce;
    private volatile Failure? lastFailure;

    public bool CaughtUpSinceStart => caughtUpOnce;

    public Failure? LastFailure => lastFailure;

    internal void CaughtUp()
    {
        caughtUpOnce = true;
        lastFailure = null;
    }

    internal void Failed(Exception exception, TimeSpan retryIn) =>
        lastFailure = new Failure(exception.GetType().Name, clock.GetCurrentInstant(), retryIn);

    public sealed record Failure(string Error, Instant At, TimeSpan RetryIn);
}
