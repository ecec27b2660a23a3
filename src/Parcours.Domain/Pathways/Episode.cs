using System.Collections.Immutable;
using NodaTime;

namespace Parcours.Domain.Pathways;

/// <summary>
/// One stay in the RSA, from an entry (or re-entry) to the next re-entry. A person re-entering after a closure
/// or a long suspension is a new entrant again: the delays start over from <see cref="EntryDate"/>.
/// </summary>
/// <param name="Number">1 for the first entry, then 2, 3... for each re-entry.</param>
/// <param name="EntryVersion">Stream version of the entry or re-entry step.</param>
/// <param name="EntryDate">The day the département learned of the (re-)entry: the start of the delays.</param>
/// <param name="Ground">Why a re-entry counts as a new entry; null for the first entry.</param>
public sealed record Episode(
    int Number,
    long EntryVersion,
    LocalDate ApplicationDate,
    LocalDate EntryDate,
    EntrySource Source,
    ReentryGround? Ground,
    string? Territory,
    bool SubjectToRightsAndDuties)
{
    /// <summary>The effective steps of this episode, in recording order, the entry first.</summary>
    public ImmutableList<EffectiveStep> Steps { get; init; } = [];

    public SuspensionView? Suspension { get; init; }

    public ImmutableList<DiagnosticView> Diagnostics { get; init; } = [];

    /// <summary>Orientation then réorientations, in recording order (which the decider keeps in date order).</summary>
    public ImmutableList<OrientationView> Orientations { get; init; } = [];

    public ImmutableDictionary<Guid, AppointmentView> Appointments { get; init; } = ImmutableDictionary<Guid, AppointmentView>.Empty;

    public ImmutableList<ContractView> Contracts { get; init; } = [];

    public ImmutableList<AccompanimentExitView> AccompanimentExits { get; init; } = [];

    public RsaExitView? Exit { get; init; }

    /// <summary>The first orientation of the episode: the end of the orientation delay, the start of the others.</summary>
    public OrientationView? FirstOrientation => Orientations.IsEmpty ? null : Orientations[0];

    /// <summary>The orientation in force: the latest decision (orientation or réorientation).</summary>
    public OrientationView? CurrentOrientation => Orientations.IsEmpty ? null : Orientations[^1];

    public PathwayPhase Phase =>
        Exit is not null ? PathwayPhase.Exited
        : Suspension is not null ? PathwayPhase.Suspended
        : CurrentOrientation is null ? PathwayPhase.AwaitingOrientation
        : IsAccompanied ? PathwayPhase.InAccompaniment
        : PathwayPhase.Oriented;

    private bool IsAccompanied
    {
        get
        {
            var orientedOn = CurrentOrientation!.DecidedOn;
            var starts = Contracts.Select(c => c.SignedOn)
                .Concat(Appointments.Values
                    .Where(a => a.Kind == AppointmentKind.Accompaniment && a.Result?.Outcome == AppointmentOutcome.Held)
                    .Select(a => a.Result!.On))
                .Where(d => d >= orientedOn)
                .ToList();
            if (starts.Count == 0)
            {
                return false;
            }
            var lastStart = starts.Max();
            return AccompanimentExits.IsEmpty || lastStart > AccompanimentExits.Max(x => x.On);
        }
    }

    /// <summary>Applies a step of this episode (any step but an entry or re-entry). Never throws.</summary>
    internal Episode Apply(EffectiveStep effective)
    {
        var v = effective.Version;
        var next = this with { Steps = Steps.Add(effective) };
        return effective.Step switch
        {
            RightsAndDutiesChanged c => next with { SubjectToRightsAndDuties = c.SubjectToRightsAndDuties },
            RightSuspended s => next with { Suspension = new SuspensionView(v, s.On, s.Reason) },
            RightResumed => next with { Suspension = null },
            DiagnosticCompleted d => next with { Diagnostics = Diagnostics.Add(new DiagnosticView(v, d.On, d.Organisation)) },
            OrientationDecided o => next with
            {
                Orientations = Orientations.Add(
                    new OrientationView(v, false, o.DecidedOn, o.NotifiedOn, o.Track, o.Organisation, o.Referent, o.Channel, null)),
            },
            ReorientationDecided r => next with
            {
                Orientations = Orientations.Add(
                    new OrientationView(v, true, r.DecidedOn, r.NotifiedOn, r.Track, r.Organisation, r.Referent, r.Channel, r.Reason)),
            },
            OrientationNotified n when CurrentOrientation is { } current => next with
            {
                Orientations = Orientations.SetItem(Orientations.Count - 1, current with { NotifiedOn = n.On }),
            },
            AppointmentFixed a => next with
            {
                Appointments = Appointments.SetItem(
                    a.AppointmentId,
                    new AppointmentView(v, a.AppointmentId, a.Kind, a.FixedOn, a.ScheduledFor, a.Organisation, null)),
            },
            AppointmentOutcomeRecorded o when Appointments.TryGetValue(o.AppointmentId, out var appointment) => next with
            {
                Appointments = Appointments.SetItem(
                    o.AppointmentId,
                    appointment with { Result = new AppointmentResult(v, o.On, o.Outcome) }),
            },
            ContractSigned c => next with
            {
                Contracts = Contracts.Add(new ContractView(v, c.Kind, c.SignedOn, c.ValidUntil, c.Organisation)),
            },
            AccompanimentExited x => next with
            {
                AccompanimentExits = AccompanimentExits.Add(new AccompanimentExitView(v, x.On, x.Reason, x.Positive)),
            },
            RsaExited x => next with { Exit = new RsaExitView(v, x.On, x.CafClosureReason) },
            _ => next,
        };
    }
}
