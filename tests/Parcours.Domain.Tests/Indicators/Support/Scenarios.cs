using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Tests.Indicators.Support;

/// <summary>
/// A valid pathway described by day offsets from the entry, for property tests. Dates are generated here, never
/// picked at random inside a test. Later steps are strictly later than earlier ones of the same kind, so that two
/// recording orders of the same scenario describe the same facts (two orientations decided the same day are ordered by
/// their recording, as <c>PathwayTimeline</c> documents: such a pair is two different histories); ties between kinds
/// are generated on purpose (a réorientation on the day of the orientation, a re-entry known on the day of the
/// closure), because that is where an engine that leaned on the recording order would show it.
/// </summary>
/// <param name="SuspendedFor">Without an exit: the right is suspended on day 10 for this many days beyond a year, then
/// the person re-enters after a long suspension (at <paramref name="Reentered"/> days after that).</param>
public sealed record Scenario(
    int EntryDay,
    int ApplicationLead,
    bool Subject,
    int? Oriented,
    int? Notified,
    int? Reoriented,
    int? AppointmentFixed,
    int? AppointmentHeld,
    int? Contract,
    int? Exited,
    int? Reentered,
    int? ReorientedAfterReentry,
    int? SuspendedFor = null)
{
    public static readonly LocalDate Origin = new(2024, 1, 1);

    public LocalDate Day(int offset) => Origin.PlusDays(EntryDay + offset);

    /// <summary>The facts of the scenario, each with the day it was recorded (some late).</summary>
    public IReadOnlyList<IPathwayEvent> Facts()
    {
        var facts = new List<IPathwayEvent> { new RsaEntered(Day(-ApplicationLead), Day(0), Subject, EntrySource.CafFlux, EntryDay % 2 == 0 ? "Nord" : "Sud") };
        if (Oriented is { } o)
        {
            facts.Add(new OrientationDecided(Day(o), Notified is { } n ? Day(o + n) : null, Track.Social, "MDS", null, OrientationChannel.Manager));
            if (Reoriented is { } r) facts.Add(new ReorientationDecided(Day(o + r), Day(o + r + 2), Track.Professional, "France Travail", null, OrientationChannel.Manager, "diagnostic"));
        }
        if (AppointmentFixed is { } f)
        {
            var id = new Guid(EntryDay, 0, 0, new byte[8]);
            facts.Add(new AppointmentFixed(id, AppointmentKind.Accompaniment, Day(f), Day(f + (AppointmentHeld ?? 10)), "MDS"));
            if (AppointmentHeld is { } h) facts.Add(new AppointmentOutcomeRecorded(id, Day(f + h), AppointmentOutcome.Held));
        }
        if (Contract is { } c) facts.Add(new ContractSigned(ContractKind.Cer, Day(c), null, "MDS"));
        if (Exited is { } x)
        {
            facts.Add(new RsaExited(Day(x), "5"));
            if (Reentered is { } re) Reenter(x + re, ReentryGround.AfterClosure);
        }
        else if (SuspendedFor is { } longer)
        {
            facts.Add(new RightSuspended(Day(10), "ressources"));
            if (Reentered is { } re) Reenter(10 + 366 + longer + re, ReentryGround.AfterLongSuspension);
        }
        return facts;

        void Reenter(int on, ReentryGround ground)
        {
            facts.Add(new RsaReentered(Day(on - 20), Day(on), true, EntrySource.CafFlux, "Nord", ground));
            if (ReorientedAfterReentry is { } ra)
            {
                // Never the day of the first orientation (a re-entry on the day of an early exit can bring it there).
                var decided = on + ra == Oriented ? on + ra + 1 : on + ra;
                facts.Add(new OrientationDecided(Day(decided), Day(decided + 1), Track.Social, "MDS", null, OrientationChannel.Kiosk));
            }
        }
    }

    /// <summary>The stream recorded in the given order of facts; each fact recorded <paramref name="lateness"/> days after its date.</summary>
    public IReadOnlyList<RecordedPathwayEvent> Recorded(IReadOnlyList<IPathwayEvent> inOrder, Func<int, int>? lateness = null) =>
    [
        .. inOrder.Select((e, i) => new RecordedPathwayEvent(
            i + 1, e, History.RecordedAtNoon(e.BusinessDate.PlusDays(lateness?.Invoke(i) ?? 0)), "property")),
    ];

    public IReadOnlyList<RecordedPathwayEvent> Recorded() => Recorded(Facts());
}

public static class Scenarios
{
    private static Gen<int?> Maybe(int from, int to) =>
        Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(from, to).Select(v => (int?)v)));

    public static Gen<Scenario> One { get; } =
        from entry in Gen.Choose(0, 200)
        from lead in Gen.Choose(0, 60)
        from subject in Gen.Frequency((1, Gen.Constant(false)), (6, Gen.Constant(true)))
        from oriented in Maybe(-3, 80)
        from notified in Maybe(0, 10)
        from reoriented in Maybe(0, 60)
        from fixedOn in Maybe(-2, 60)
        from held in Maybe(0, 30)
        from contract in Maybe(-5, 150)
        from exited in Maybe(5, 200)
        from reentered in Gen.Frequency((1, Gen.Constant<int?>(0)), (3, Maybe(0, 400)))
        from reorientedAfter in Maybe(0, 60)
        from suspendedFor in Maybe(0, 90)
        select new Scenario(entry, lead, subject, oriented, notified, reoriented, fixedOn, held, contract, exited, reentered, reorientedAfter, suspendedFor);

    public static Arbitrary<Scenario[]> Many { get; } = Gen.ArrayOf(One).Resize(30).ToArbitrary();

    /// <summary>A scenario, the position of one of its facts and a non-zero shift in days (a step recorded with a wrong date).</summary>
    public static Arbitrary<(Scenario Scenario, int Index, int Shift)> WithOneWrongDate { get; } =
        (from s in One
         from index in Gen.Choose(0, s.Facts().Count - 1)
         from shift in Gen.Elements(-40, -15, -1, 1, 3, 31, 60)
         select (s, index, shift)).ToArbitrary();

    /// <summary>A scenario with a shuffled recording order of its facts.</summary>
    public static Arbitrary<(Scenario Scenario, IPathwayEvent[] Shuffled)> Shuffled { get; } =
        (from s in One from shuffled in Gen.Shuffle(s.Facts().ToArray()) select (s, shuffled)).ToArbitrary();
}

/// <summary>A step as if recorded with its business date (and the dates tied to it) moved by some days.</summary>
public static class Shift
{
    public static IPathwayStep By(IPathwayStep step, int days) => step switch
    {
        RsaEntered e => e with { KnownOn = e.KnownOn.PlusDays(days) },
        RsaReentered r => r with { KnownOn = r.KnownOn.PlusDays(days) },
        RightSuspended s => s with { On = s.On.PlusDays(days) },
        OrientationDecided o => o with { DecidedOn = o.DecidedOn.PlusDays(days), NotifiedOn = o.NotifiedOn?.PlusDays(days) },
        ReorientationDecided r => r with { DecidedOn = r.DecidedOn.PlusDays(days), NotifiedOn = r.NotifiedOn?.PlusDays(days) },
        AppointmentFixed a => a with { FixedOn = a.FixedOn.PlusDays(days), ScheduledFor = a.ScheduledFor.PlusDays(days) },
        AppointmentOutcomeRecorded o => o with { On = o.On.PlusDays(days) },
        ContractSigned c => c with { SignedOn = c.SignedOn.PlusDays(days) },
        RsaExited x => x with { On = x.On.PlusDays(days) },
        _ => throw new ArgumentException($"No shift for {step.GetType().Name}.", nameof(step)),
    };
}
