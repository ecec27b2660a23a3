using NodaTime;
using Parcours.Application;
using Parcours.Domain.Pathways;
using Parcours.EventStore;

namespace Parcours.Projections.TimeTravel;

/// <summary>A point a case can be looked at: a stream version, a recorded instant, or a business date.</summary>
public abstract record CasePoint
{
    /// <summary>The case after its first <paramref name="Version"/> events.</summary>
    public sealed record AtVersion(long Version) : CasePoint;

    /// <summary>The case as it had been recorded at <paramref name="Instant"/> (what the département knew then).</summary>
    public sealed record RecordedAt(Instant Instant) : CasePoint;

    /// <summary>The case's pathway on day <paramref name="Date"/> as known now: corrections applied, steps dated after the day left out.</summary>
    public sealed record OnBusinessDate(LocalDate Date) : CasePoint;
}

/// <summary>Replays one case to a <see cref="CasePoint"/> from the log.</summary>
public sealed class CaseAsOf(EventStore.EventStore store)
{
    public async Task<PathwayState> StateAsync(TenantId tenant, CaseId caseId, CasePoint point, CancellationToken ct = default)
    {
        var stream = new StreamId(caseId.Value);
        var stored = point switch
        {
            CasePoint.AtVersion v => await store.ReadStreamAsync(tenant, stream, toVersion: v.Version, cancellationToken: ct),
            CasePoint.RecordedAt r => await store.ReadStreamAsync(tenant, stream, recordedAtOrBefore: r.Instant, cancellationToken: ct),
            _ => await store.ReadStreamAsync(tenant, stream, cancellationToken: ct),
        };
        var events = stored.Select(PathwayEventStore.ToRecorded).ToList();
        return point is CasePoint.OnBusinessDate d ? OnDate(events, d.Date) : PathwayState.From(events);
    }

    /// <summary>The state folded from the effective steps dated on or before <paramref name="date"/>.</summary>
    public static PathwayState OnDate(IReadOnlyList<RecordedPathwayEvent> events, LocalDate date) =>
        EffectiveHistory.Of(events).Where(s => s.Step.BusinessDate <= date).Aggregate(PathwayState.Initial, (state, step) => state.Apply(step));
}
