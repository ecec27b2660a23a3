using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Parcours.Domain.Indicators;
using Outcome = Parcours.Domain.Indicators.Outcome;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>Laws every definition obeys, checked on generated valid pathways.</summary>
public class IndicatorPropertyTests
{
    private static readonly LocalDate AsOf = new(2025, 3, 1);

    private static IEnumerable<IndicatorResult> Results(IndicatorDefinition definition, Scenario[] people) =>
        people.SelectMany((p, i) => IndicatorEngine.Evaluate(definition, new CaseId(new Guid(i, 0, 0, new byte[8])), p.Recorded(), AsOf));

    [Property(MaxTest = 60)]
    public Property The_numerator_never_exceeds_the_denominator() => Prop.ForAll(Scenarios.Many, people =>
        BuiltInIndicators.All.All(definition =>
            IndicatorAggregate.Of(definition, Results(definition, people)).All().Values
                .All(f => f.Numerator <= f.Denominator && f.Rate is null == (f.Denominator == 0))));

    [Property(MaxTest = 60)]
    public Property A_longer_threshold_never_lowers_the_count_met() => Prop.ForAll(Scenarios.Many, people =>
    {
        int Met(IndicatorDefinition d) => Results(d, people).Count(r => r.Outcome == Outcome.Met);
        return BuiltInIndicators.All.Where(d => d.Threshold is not null && d.Maturity == MaturityRule.PendingInDenominator).All(d =>
        {
            var longer = d with { Threshold = d.Threshold! with { Period = d.Threshold.Period + Period.FromDays(10) } };
            return Met(longer) >= Met(d);
        });
    });

    [Property(MaxTest = 60)]
    public Property The_aggregate_is_the_sum_over_persons() => Prop.ForAll(Scenarios.Many, people =>
        BuiltInIndicators.All.All(definition =>
        {
            var whole = IndicatorAggregate.Of(definition, Results(definition, people)).All();
            var perPerson = people.Select((p, i) => IndicatorAggregate.Of(definition, Results(definition, [p])).All()).ToList();
            return whole.All(cell =>
                cell.Value.Numerator == perPerson.Sum(a => a.GetValueOrDefault(cell.Key)?.Numerator ?? 0)
                && cell.Value.Denominator == perPerson.Sum(a => a.GetValueOrDefault(cell.Key)?.Denominator ?? 0)
                && cell.Value.Pending == perPerson.Sum(a => a.GetValueOrDefault(cell.Key)?.Pending ?? 0)
                && cell.Value.Excluded == perPerson.Sum(a => a.GetValueOrDefault(cell.Key)?.Excluded ?? 0));
        }));

    [Property(MaxTest = 100)]
    public Property Results_do_not_depend_on_the_recording_order() => Prop.ForAll(Scenarios.Shuffled, pair =>
    {
        var (scenario, shuffled) = pair;
        var inOrder = IndicatorEngine.Evaluate(BuiltInIndicators.All, History.Case, scenario.Recorded(), AsOf).Select(Facts);
        var reordered = IndicatorEngine.Evaluate(BuiltInIndicators.All, History.Case, scenario.Recorded(shuffled), AsOf).Select(Facts);
        return inOrder.SequenceEqual(reordered);
    });

    [Property(MaxTest = 100)]
    public Property As_known_at_the_end_of_time_equals_the_plain_evaluation() => Prop.ForAll(Scenarios.Shuffled, pair =>
    {
        var events = pair.Scenario.Recorded(pair.Shuffled, lateness: i => i * 7);
        var plain = IndicatorEngine.Evaluate(BuiltInIndicators.All, History.Case, events, AsOf);
        var asKnown = IndicatorEngine.Evaluate(BuiltInIndicators.All, History.Case, events, AsOf, knownAt: Instant.MaxValue);
        return plain.Select(Facts).SequenceEqual(asKnown.Select(Facts))
            && plain.Zip(asKnown).All(x => x.First.SourceVersions.SequenceEqual(x.Second.SourceVersions));
    });

    [Property(MaxTest = 100)]
    public Property A_step_recorded_with_a_wrong_date_then_corrected_counts_as_if_recorded_right() =>
        Prop.ForAll(Scenarios.WithOneWrongDate, x =>
        {
            var facts = x.Scenario.Facts();
            var truth = (IPathwayStep)facts[x.Index];
            var wrong = facts.Select((f, i) => i == x.Index ? Shift.By(truth, x.Shift) : f).ToList();
            var corrected = x.Scenario.Recorded(wrong).Append(Late(facts.Count + 1, new StepCorrected(x.Index + 1, truth, "erreur de date", AsOf))).ToList();

            var expected = IndicatorEngine.Evaluate(BuiltInIndicators.All, History.Case, x.Scenario.Recorded(), AsOf).Select(Facts);
            var actual = IndicatorEngine.Evaluate(BuiltInIndicators.All, History.Case, corrected, AsOf).Select(Facts);
            return actual.SequenceEqual(expected);
        });

    [Property(MaxTest = 100)]
    public Property A_step_recorded_twice_then_retracted_changes_nothing() => Prop.ForAll(Scenarios.WithOneWrongDate, x =>
    {
        var facts = x.Scenario.Facts();
        var duplicate = Shift.By((IPathwayStep)facts[x.Index], x.Shift);
        var withDuplicate = x.Scenario.Recorded([.. facts, duplicate])
            .Append(Late(facts.Count + 2, new StepRetracted(facts.Count + 1, "doublon", AsOf))).ToList();

        var expected = IndicatorEngine.Evaluate(BuiltInIndicators.All, History.Case, x.Scenario.Recorded(), AsOf);
        var actual = IndicatorEngine.Evaluate(BuiltInIndicators.All, History.Case, withDuplicate, AsOf);
        return actual.Select(Facts).SequenceEqual(expected.Select(Facts))
            && actual.Zip(expected).All(r => r.First.SourceVersions.SequenceEqual(r.Second.SourceVersions));
    });

    [Property(MaxTest = 60)]
    public Property Rates_lie_between_0_and_1_and_pending_members_make_a_month_provisional() => Prop.ForAll(Scenarios.Many, people =>
        BuiltInIndicators.All.All(definition =>
            IndicatorAggregate.Of(definition, Results(definition, people)).All().Values
                .All(f => f.Rate is null or (>= 0m and <= 1m) && f.Provisional == f.Pending > 0)));

    private static RecordedPathwayEvent Late(long version, IPathwayEvent e) =>
        new(version, e, History.RecordedAtNoon(AsOf), "property");

    /// <summary>What a result says, without the stream versions (which depend on the recording order by construction).</summary>
    private static object Facts(IndicatorResult r) =>
        (r.DefinitionId, r.Episode, r.Occurrence, r.Outcome, r.Reason, r.Start, r.End, r.Deadline, r.DelayDays, r.Cohort, r.Mature,
            string.Join(",", r.BreakdownKeys.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}")));
}
