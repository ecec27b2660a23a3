using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;
using Outcome = Parcours.Domain.Indicators.Outcome;

namespace Parcours.Simulation.Tests;

/// <summary>
/// The indicator engine's laws on realistic synthetic départements (late recording, corrections, retractions,
/// réorientations, exits and re-entries), one small département per generated seed. The domain tests check the
/// same laws on hand-shaped scenarios; here the histories come from the generator, valid by construction.
/// </summary>
public class IndicatorInvariantTests
{
    private static readonly SimulationProfile Profile = SimulationProfiles.Small with
    {
        InitialStock = 120,
        MonthlyEntrants = 15,
        Recording = SimulationProfiles.Small.Recording with { CorrectionShare = 0.2, RetractionShare = 0.1 },
        Right = SimulationProfiles.Small.Right with { ReentryShare = 0.5, SuspensionShare = 0.3 },
    };

    private static readonly LocalDate AsOf = Profile.Window.LastDay;

    private static Arbitrary<ulong> Seeds { get; } = Gen.Choose(1, 1_000_000).Select(s => (ulong)s).ToArbitrary();

    private static List<SyntheticPerson> People(ulong seed) => [.. new DepartementSimulation(Profile, seed).People()];

    private static List<IndicatorResult> Results(IndicatorDefinition definition, IEnumerable<SyntheticPerson> people) =>
    [
        .. people.SelectMany(p => IndicatorEngine.Evaluate(definition, p.CaseId, [.. p.Events.Select(e => e.ToRecorded())], AsOf)),
    ];

    [Property(MaxTest = 4)]
    public Property The_numerator_never_exceeds_the_denominator_and_the_aggregate_is_the_sum_over_persons() =>
        Prop.ForAll(Seeds, seed =>
        {
            var people = People(seed);
            return BuiltInIndicators.All.All(definition =>
            {
                var perPerson = people.Select(p => IndicatorAggregate.Of(definition, Results(definition, [p])).All()).ToList();
                var whole = IndicatorAggregate.Of(definition, Results(definition, people)).All();
                return whole.Count > 0 && whole.All(cell =>
                    cell.Value.Numerator <= cell.Value.Denominator
                    && cell.Value.Numerator == perPerson.Sum(a => a.GetValueOrDefault(cell.Key)?.Numerator ?? 0)
                    && cell.Value.Denominator == perPerson.Sum(a => a.GetValueOrDefault(cell.Key)?.Denominator ?? 0)
                    && cell.Value.Pending == perPerson.Sum(a => a.GetValueOrDefault(cell.Key)?.Pending ?? 0)
                    && cell.Value.Excluded == perPerson.Sum(a => a.GetValueOrDefault(cell.Key)?.Excluded ?? 0));
            });
        });

    [Property(MaxTest = 4)]
    public Property Replacing_a_persons_results_incrementally_gives_the_figures_of_a_fresh_fold() => Prop.ForAll(Seeds, seed =>
    {
        var people = People(seed);
        var definition = CalpaeRow2OrientationDelay.Definition;
        var early = people.Select(p => IndicatorEngine.Evaluate(definition, p.CaseId, [.. p.Events.Select(e => e.ToRecorded())], AsOf.PlusDays(-120))).ToList();
        var late = people.Select(p => IndicatorEngine.Evaluate(definition, p.CaseId, [.. p.Events.Select(e => e.ToRecorded())], AsOf)).ToList();

        var incremental = IndicatorAggregate.Of(definition, early.SelectMany(r => r));
        foreach (var (before, after) in early.Zip(late))
        {
            foreach (var r in before) incremental.Remove(r);
            foreach (var r in after) incremental.Add(r);
        }
        var fresh = IndicatorAggregate.Of(definition, late.SelectMany(r => r)).All();
        return incremental.All().SequenceEqual(fresh);
    });

    /// <summary>The aggregates of a rebuild (every definition at once, batch after batch, each definition's share on its
    /// own core) and of an as-known-at report (one set per worker, merged at the end): either way, the figures are those
    /// of one aggregate per definition fed on one thread.</summary>
    [Property(MaxTest = 3)]
    public Property Aggregating_every_definition_at_once_in_batches_or_per_worker_gives_each_definitions_own_figures() => Prop.ForAll(Seeds, seed =>
    {
        var people = People(seed);
        var definitions = BuiltInIndicators.All;
        IEnumerable<IndicatorResult> Of(IEnumerable<SyntheticPerson> some) =>
            some.SelectMany(p => IndicatorEngine.Evaluate(definitions, p.CaseId, [.. p.Events.Select(e => e.ToRecorded())], AsOf));
        var batched = new IndicatorAggregates(definitions);
        foreach (var batch in people.Chunk(37)) batched.AddInParallel(Of(batch));
        var workers = people.Select((p, i) => (p, i)).GroupBy(x => x.i % 3, x => x.p).Select(group =>
        {
            var mine = new IndicatorAggregates(definitions);
            foreach (var result in Of(group)) mine.Add(result);
            return mine;
        }).ToList();
        foreach (var other in workers.Skip(1)) workers[0].Merge(other);
        return definitions.Select((d, i) =>
        {
            var alone = IndicatorAggregate.Of(d, Results(d, people)).All();
            return batched.All[i].Definition == d && batched.All[i].All().SequenceEqual(alone)
                && workers[0].All[i].Definition == d && workers[0].All[i].All().SequenceEqual(alone);
        }).All(same => same);
    });

    [Property(MaxTest = 4)]
    public Property A_longer_threshold_never_lowers_the_count_met() => Prop.ForAll(Seeds, seed =>
    {
        var people = People(seed);
        return BuiltInIndicators.All.Where(d => d.Threshold is not null).All(d =>
        {
            var longer = d with { Threshold = d.Threshold! with { Period = d.Threshold.Period + Period.FromDays(7) } };
            int Met(IndicatorDefinition x) => Results(x, people).Count(r => r.Outcome == Outcome.Met);
            return Met(longer) >= Met(d);
        });
    });

    /// <summary>
    /// Each person's steps are recorded in a shuffled order (corrections and retractions keep following their
    /// targets, renumbered): every result must say the same, since the business dates have not changed.
    /// </summary>
    [Property(MaxTest = 4)]
    public Property Results_do_not_depend_on_the_recording_order() => Prop.ForAll(Seeds, seed =>
    {
        var random = new Random((int)seed);
        return People(seed).All(person =>
        {
            var recorded = person.Events.Select(e => e.ToRecorded()).ToList();
            var shuffled = Reordered(recorded, random);
            var inOrder = IndicatorEngine.Evaluate(BuiltInIndicators.All, person.CaseId, recorded, AsOf).Select(Facts);
            var reordered = IndicatorEngine.Evaluate(BuiltInIndicators.All, person.CaseId, shuffled, AsOf).Select(Facts);
            return inOrder.SequenceEqual(reordered);
        });
    });

    [Fact]
    public void The_generated_departements_do_exercise_corrections_retractions_and_reentries()
    {
        var events = People(1).SelectMany(p => p.Events).Select(e => e.Event).ToList();

        events.OfType<StepCorrected>().ShouldNotBeEmpty();
        events.OfType<StepRetracted>().ShouldNotBeEmpty();
        events.OfType<RsaReentered>().ShouldNotBeEmpty();
        events.OfType<ReorientationDecided>().ShouldNotBeEmpty();
    }

    [Fact]
    public void The_reordering_does_change_the_versions_and_keeps_corrections_after_their_targets()
    {
        var person = People(1).First(p => p.Events.Any(e => e.Event is StepCorrected) && p.Events.Count > 6);
        var recorded = person.Events.Select(e => e.ToRecorded()).ToList();

        var shuffled = Reordered(recorded, new Random(3));

        shuffled.Select(e => e.Event).ShouldNotBe(recorded.Select(e => e.Event));
        shuffled.Select(e => e.Version).ShouldBe(Enumerable.Range(1, recorded.Count).Select(v => (long)v));
        foreach (var correction in shuffled.Where(e => e.Event is StepCorrected))
        {
            var target = shuffled.Single(e => e.Version == ((StepCorrected)correction.Event).TargetVersion);
            target.Event.GetType().ShouldBe(((StepCorrected)correction.Event).Replacement.GetType());
            target.Version.ShouldBeLessThan(correction.Version);
        }
    }

    /// <summary>Steps in a random order, then the corrections and retractions in their order, retargeted.</summary>
    private static List<RecordedPathwayEvent> Reordered(List<RecordedPathwayEvent> recorded, Random random)
    {
        var steps = recorded.Where(e => e.Event is IPathwayStep).OrderBy(_ => random.Next()).ToList();
        var fixes = recorded.Where(e => e.Event is not IPathwayStep);
        var order = steps.Concat(fixes).ToList();
        var newVersion = order.Select((e, i) => (e.Version, New: (long)i + 1)).ToDictionary(x => x.Version, x => x.New);
        return
        [
            .. order.Select((e, i) => e with
            {
                Version = i + 1,
                Event = e.Event switch
                {
                    StepCorrected c => c with { TargetVersion = newVersion[c.TargetVersion] },
                    StepRetracted r => r with { TargetVersion = newVersion[r.TargetVersion] },
                    var other => other,
                },
            }),
        ];
    }

    /// <summary>What a result says, without the stream versions (which follow the recording order by construction).</summary>
    private static object Facts(IndicatorResult r) =>
        (r.DefinitionId, r.Episode, r.Occurrence, r.Outcome, r.Reason, r.Start, r.End, r.Deadline, r.DelayDays, r.Cohort, r.Mature,
            string.Join(",", r.BreakdownKeys.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}")));
}
