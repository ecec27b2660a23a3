using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators.Evaluation;

/// <summary>
/// Finds the dated occurrences of each anchor in one episode, in date order (same day: stream version). Dates after
/// the as-of date are not known yet and are left out (e.g. an appointment scheduled for next week).
/// Each list is computed once and kept: one instance serves every definition evaluated on the episode (the anchors do
/// not depend on the definition, apart from the contract kinds that count).
/// </summary>
public sealed class EpisodeAnchors(DatedEpisode episode, LocalDate asOf)
{
    private readonly IReadOnlyList<AnchorHit>?[] byAnchor = new IReadOnlyList<AnchorHit>?[Enum.GetValues<Anchor>().Length];
    private IReadOnlyList<OrientationDecision>? decisions;
    private List<(IReadOnlySet<ContractKind> Kinds, IReadOnlyList<AnchorHit> Hits)>? contracts;

    /// <param name="contractKinds">The contract kinds that count for <see cref="Anchor.ContractSigned"/> (ignored for the others).</param>
    public IReadOnlyList<AnchorHit> All(Anchor anchor, IReadOnlySet<ContractKind> contractKinds)
    {
        if (anchor != Anchor.ContractSigned)
        {
            return byAnchor[(int)anchor] ??= Sorted(Raw(anchor, contractKinds));
        }
        contracts ??= [];
        foreach (var (kinds, hits) in contracts)
        {
            if (ReferenceEquals(kinds, contractKinds) || kinds.SetEquals(contractKinds)) return hits;
        }
        var found = Sorted(Raw(anchor, contractKinds));
        contracts.Add((contractKinds, found));
        return found;
    }

    public AnchorHit? First(Anchor anchor, IReadOnlySet<ContractKind> contractKinds)
    {
        var all = All(anchor, contractKinds);
        return all.Count == 0 ? null : all[0];
    }

    private IReadOnlyList<AnchorHit> Sorted(IEnumerable<AnchorHit> raw)
    {
        var hits = new List<AnchorHit>();
        foreach (var hit in raw)
        {
            if (hit.Date <= asOf && (episode.ClosedOn is not { } c || hit.Date <= c)) hits.Add(hit);
        }
        // By date, then first version.
        SortStable(hits, static (a, b) => a.Date > b.Date || (a.Date == b.Date && a.Versions[0] > b.Versions[0]));
        return hits;
    }

    /// <summary>Sorts in place, keeping the order of equal items: an insertion sort, since an episode has a handful of them.</summary>
    /// <param name="after">Whether the first item goes strictly after the second.</param>
    private static void SortStable<T>(List<T> items, Func<T, T, bool> after)
    {
        for (var i = 1; i < items.Count; i++)
        {
            var item = items[i];
            var j = i - 1;
            for (; j >= 0 && after(items[j], item); j--) items[j + 1] = items[j];
            items[j + 1] = item;
        }
    }

    /// <summary>
    /// The orientation decisions of the episode (initial and ré-), in date order, with their notification. On the same
    /// day the initial orientation comes before a réorientation, whatever order they were recorded in.
    /// </summary>
    public IReadOnlyList<OrientationDecision> Decisions() => decisions ??= FindDecisions();

    private IReadOnlyList<OrientationDecision> FindDecisions()
    {
        var decisions = new List<(EffectiveStep Step, LocalDate DecidedOn, LocalDate? NotifiedOn, Track Track, string Organisation)>();
        foreach (var s in episode.Steps)
        {
            switch (s.Step)
            {
                case OrientationDecided o:
                    decisions.Add((s, o.DecidedOn, o.NotifiedOn, o.Track, o.Organisation));
                    break;
                case ReorientationDecided r:
                    decisions.Add((s, r.DecidedOn, r.NotifiedOn, r.Track, r.Organisation));
                    break;
            }
        }
        if (decisions.Count == 0) return [];
        // By decision date; the same day, the initial orientation first; then the stream version.
        SortStable(decisions, static (a, b) =>
            a.DecidedOn != b.DecidedOn ? a.DecidedOn > b.DecidedOn
            : (a.Step.Step is ReorientationDecided) != (b.Step.Step is ReorientationDecided) ? a.Step.Step is ReorientationDecided
            : a.Step.Version > b.Step.Version);
        var found = new OrientationDecision[decisions.Count];
        for (var i = 0; i < decisions.Count; i++)
        {
            var d = decisions[i];
            var next = i + 1 < decisions.Count ? decisions[i + 1].DecidedOn : (LocalDate?)null;
            AnchorHit? notification = null;
            if (d.NotifiedOn is { } on)
            {
                notification = on <= asOf ? AnchorHit.Of(on, d.Step) : null;
            }
            else
            {
                foreach (var n in episode.Steps)
                {
                    if (n.Step is OrientationNotified && n.Step.BusinessDate >= d.DecidedOn && (next is not { } x || n.Step.BusinessDate < x))
                    {
                        notification = AnchorHit.Of(n.Step.BusinessDate, n);
                        break;
                    }
                }
            }
            found[i] = new OrientationDecision(d.DecidedOn, d.Track, d.Organisation, AnchorHit.Of(d.DecidedOn, d.Step), notification);
        }
        return found;
    }

    private IEnumerable<AnchorHit> Raw(Anchor anchor, IReadOnlySet<ContractKind> contractKinds) => anchor switch
    {
        Anchor.EntryKnownOn => [AnchorHit.Of(episode.KnownOn, episode.Opening)],
        Anchor.ApplicationDate => [AnchorHit.Of(episode.ApplicationDate, episode.Opening)],
        Anchor.OrientationDecided => Decisions().Select(d => d.Decision),
        Anchor.OrientationNotified => Decisions().Select(d => d.Notification).OfType<AnchorHit>(),
        Anchor.AccompanimentAppointmentFixed => episode.Steps
            .Where(s => s.Step is AppointmentFixed { Kind: AppointmentKind.Accompaniment })
            .Select(s => AnchorHit.Of(((AppointmentFixed)s.Step).FixedOn, s)),
        Anchor.AccompanimentAppointmentHeld => Held(AppointmentKind.Accompaniment),
        Anchor.OrientationAppointmentHeld => Held(AppointmentKind.Orientation),
        Anchor.ContractSigned => episode.Steps
            .Where(s => s.Step is ContractSigned signed && contractKinds.Contains(signed.Kind))
            .Select(s => AnchorHit.Of(((ContractSigned)s.Step).SignedOn, s)),
        _ => throw new ArgumentOutOfRangeException(nameof(anchor), anchor, "Unknown anchor."),
    };

    /// <summary>
    /// Appointments whose latest outcome is Held, dated by the day they were scheduled for (the day they took
    /// place), not by the day the outcome was recorded as a step.
    /// </summary>
    private IEnumerable<AnchorHit> Held(AppointmentKind kind)
    {
        var steps = episode.Steps;
        foreach (var fixedStep in steps)
        {
            if (fixedStep.Step is not AppointmentFixed appointment || appointment.Kind != kind) continue;
            // Its latest outcome in the episode's order (an episode has a handful of steps: no index is worth building).
            EffectiveStep? outcome = null;
            foreach (var s in steps)
            {
                if (s.Step is AppointmentOutcomeRecorded recorded && recorded.AppointmentId == appointment.AppointmentId) outcome = s;
            }
            if (outcome is not null && ((AppointmentOutcomeRecorded)outcome.Step).Outcome == AppointmentOutcome.Held)
            {
                yield return AnchorHit.Of(appointment.ScheduledFor, fixedStep, outcome);
            }
        }
    }
}
