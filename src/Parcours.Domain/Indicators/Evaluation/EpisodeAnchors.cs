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

    private IReadOnlyList<AnchorHit> Sorted(IEnumerable<AnchorHit> raw) =>
    [
        .. raw.Where(h => h.Date <= asOf && (episode.ClosedOn is not { } c || h.Date <= c))
            .OrderBy(h => h.Date).ThenBy(h => h.Versions[0]),
    ];

    /// <summary>
    /// The orientation decisions of the episode (initial and ré-), in date order, with their notification. On the same
    /// day the initial orientation comes before a réorientation, whatever order they were recorded in.
    /// </summary>
    public IReadOnlyList<OrientationDecision> Decisions() => decisions ??= FindDecisions();

    private IReadOnlyList<OrientationDecision> FindDecisions()
    {
        var decisions = episode.Steps
            .Select(s => s.Step switch
            {
                OrientationDecided o => (Step: s, o.DecidedOn, o.NotifiedOn, o.Track, o.Organisation),
                ReorientationDecided r => (Step: s, r.DecidedOn, r.NotifiedOn, r.Track, r.Organisation),
                _ => default,
            })
            .Where(d => d.Step is not null)
            .OrderBy(d => d.DecidedOn).ThenBy(d => d.Step.Step is ReorientationDecided).ThenBy(d => d.Step.Version)
            .ToList();
        var notices = episode.Steps.Where(s => s.Step is OrientationNotified).ToList();
        return
        [
            .. decisions.Select((d, i) =>
            {
                var next = i + 1 < decisions.Count ? decisions[i + 1].DecidedOn : (LocalDate?)null;
                var notification = d.NotifiedOn is { } on
                    ? (on <= asOf ? AnchorHit.Of(on, d.Step) : null)
                    : notices.Where(n => n.Step.BusinessDate >= d.DecidedOn && (next is not { } x || n.Step.BusinessDate < x))
                        .Select(n => AnchorHit.Of(n.Step.BusinessDate, n))
                        .FirstOrDefault();
                return new OrientationDecision(d.DecidedOn, d.Track, d.Organisation, AnchorHit.Of(d.DecidedOn, d.Step), notification);
            }),
        ];
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
        var latestOutcome = episode.Steps
            .Where(s => s.Step is AppointmentOutcomeRecorded)
            .GroupBy(s => ((AppointmentOutcomeRecorded)s.Step).AppointmentId)
            .ToDictionary(g => g.Key, g => g.Last());
        foreach (var fixedStep in episode.Steps)
        {
            if (fixedStep.Step is AppointmentFixed appointment && appointment.Kind == kind
                && latestOutcome.TryGetValue(appointment.AppointmentId, out var outcome)
                && ((AppointmentOutcomeRecorded)outcome.Step).Outcome == AppointmentOutcome.Held)
            {
                yield return AnchorHit.Of(appointment.ScheduledFor, fixedStep, outcome);
            }
        }
    }
}
