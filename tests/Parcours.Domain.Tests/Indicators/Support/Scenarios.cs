using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Tests.Indicators.Support;

/// <summary>
/// A valid pathway described by day offsets from the entry, for property tests. Dates are generated here, never
/// picked at random inside a test. Later steps are always later than earlier ones of the same kind, so that two
/// recording orders of the same scenario describe the same facts.
/// </summary>
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
    int? ReorientedAfterReentry)
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
            if (Reentered is { } re)
            {
                facts.Add(new RsaReentered(Day(x + re - 20), Day(x + re), true, EntrySource.CafFlux, "Nord", ReentryGround.AfterClosure));
                if (ReorientedAfterReentry is { } ra) facts.Add(new OrientationDecided(Day(x + re + ra), Day(x + re + ra + 1), Track.Social, "MDS", null, OrientationChannel.Kiosk));
            }
        }
        return facts;
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
        from reoriented in Maybe(1, 60)
        from fixedOn in Maybe(-2, 60)
        from held in Maybe(0, 30)
        from contract in Maybe(-5, 150)
        from exited in Maybe(5, 200)
        from reentered in Maybe(1, 400)
        from reorientedAfter in Maybe(0, 60)
        select new Scenario(entry, lead, subject, oriented, notified, reoriented, fixedOn, held, contract, exited, reentered, reorientedAfter);

    public static Arbitrary<Scenario[]> Many { get; } = Gen.ArrayOf(One).Resize(30).ToArbitrary();

    /// <summary>A scenario with a shuffled recording order of its facts.</summary>
    public static Arbitrary<(Scenario Scenario, IPathwayEvent[] Shuffled)> Shuffled { get; } =
        (from s in One from shuffled in Gen.Shuffle(s.Facts().ToArray()) select (s, shuffled)).ToArbitrary();
}
