using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>
/// CALPAE row 2: first orientation decision in [entry, entry + 1 calendar month], both bounds included, counted in
/// the entry month. Cases match docs/indicators.md#calpae-2019-row-2-orientation-delay.
/// </summary>
public class CalpaeRow2OrientationDelayTests
{
    private static readonly IndicatorDefinition Definition = CalpaeRow2OrientationDelay.Definition;

    [Fact]
    public void Case01_orientation_within_the_month_counts_in_the_entry_month()
    {
        var history = new History().Entered(D(2024, 3, 5)).Oriented(D(2024, 3, 20));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Outcome.ShouldBe(Outcome.Met);
        result.DelayDays.ShouldBe(15);
        result.Deadline.ShouldBe(D(2024, 4, 5));
        result.Cohort.ShouldBe(M(2024, 3));
        result.SourceVersions.ShouldBe([1L, 2L]);
    }

    [Fact]
    public void Case02_entry_on_31_january_of_a_leap_year_has_its_deadline_on_29_february()
    {
        var history = new History().Entered(D(2024, 1, 31)).Oriented(D(2024, 2, 29));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Deadline.ShouldBe(D(2024, 2, 29));
        result.Outcome.ShouldBe(Outcome.Met);
        result.DelayDays.ShouldBe(29);
    }

    [Fact]
    public void Case03_entry_on_31_january_2023_has_its_deadline_on_28_february_so_1_march_is_missed()
    {
        var history = new History().Entered(D(2023, 1, 31)).Oriented(D(2023, 3, 1));

        var result = Evaluate.Single(Definition, history, asOf: D(2023, 6, 1));

        result.Deadline.ShouldBe(D(2023, 2, 28));
        result.Outcome.ShouldBe(Outcome.Missed);
        result.DelayDays.ShouldBe(29);
    }

    [Fact]
    public void Case04_orientation_on_the_deadline_counts()
    {
        var history = new History().Entered(D(2024, 3, 5)).Oriented(D(2024, 4, 5));

        Evaluate.Single(Definition, history, asOf: D(2024, 6, 1)).Outcome.ShouldBe(Outcome.Met);
    }

    [Fact]
    public void Case05_orientation_the_day_after_the_deadline_is_missed()
    {
        var history = new History().Entered(D(2024, 3, 5)).Oriented(D(2024, 4, 6));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Outcome.ShouldBe(Outcome.Missed);
        result.DelayDays.ShouldBe(32);
    }

    [Fact]
    public void Case06_orientation_on_the_entry_day_counts_with_a_delay_of_zero()
    {
        var history = new History().Entered(D(2024, 3, 5)).Oriented(D(2024, 3, 5));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Outcome.ShouldBe(Outcome.Met);
        result.DelayDays.ShouldBe(0);
    }

    [Fact]
    public void Case07_orientation_dated_before_the_entry_is_flagged_and_excluded()
    {
        var history = new History().Entered(D(2024, 3, 5)).Oriented(D(2024, 3, 1));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Outcome.ShouldBe(Outcome.Excluded);
        result.Reason.ShouldBe(OutcomeReason.NegativeDelay);
        result.DelayDays.ShouldBeNull();
        result.End.ShouldBe(D(2024, 3, 1));
    }

    [Fact]
    public void Case08_never_oriented_is_pending_until_the_deadline_then_missed()
    {
        var history = new History().Entered(D(2024, 3, 5));

        Evaluate.Single(Definition, history, asOf: D(2024, 4, 5)).Outcome.ShouldBe(Outcome.Pending);
        Evaluate.Single(Definition, history, asOf: D(2024, 4, 6)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void A_result_carries_one_key_per_breakdown_of_the_definition_and_an_unoriented_entrant_has_no_track_yet()
    {
        var oriented = Evaluate.Single(Definition, new History().Entered(D(2024, 3, 5), territory: "T2").Oriented(D(2024, 3, 10), track: Track.Social, organisation: "MDS Nord"), asOf: D(2024, 6, 1));
        var waiting = Evaluate.Single(Definition, new History().Entered(D(2024, 3, 5), territory: "T2"), asOf: D(2024, 3, 20));

        oriented.BreakdownKeys.Keys.ShouldBe(Definition.Breakdowns);
        oriented.BreakdownKeys.ShouldBe(new Dictionary<Breakdown, string?> { [Breakdown.Territory] = "T2", [Breakdown.Track] = "Social", [Breakdown.Organisation] = "MDS Nord" }, ignoreOrder: true);
        waiting.BreakdownKeys.Count.ShouldBe(3);
        waiting.BreakdownKeys.TryGetValue(Breakdown.Track, out var track).ShouldBeTrue();
        track.ShouldBeNull();
        waiting.BreakdownKeys[Breakdown.Territory].ShouldBe("T2");
        var outside = Evaluate.Single(Definition, new History().Entered(D(2024, 3, 5), sdd: false), asOf: D(2024, 6, 1));
        outside.Outcome.ShouldBe(Outcome.NotInPopulation);
        outside.BreakdownKeys.ShouldBeEmpty();
        outside.BreakdownKeys.ContainsKey(Breakdown.Track).ShouldBeFalse();
        Should.Throw<KeyNotFoundException>(() => outside.BreakdownKeys[Breakdown.Track]);
    }

    [Fact]
    public void Case09_of_two_orientations_the_first_counts()
    {
        var history = new History()
            .Entered(D(2024, 3, 5))
            .Oriented(D(2024, 3, 10), track: Track.Social, organisation: "MDS Nord")
            .Reoriented(D(2024, 5, 2), track: Track.Professional, organisation: "France Travail");

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Outcome.ShouldBe(Outcome.Met);
        result.End.ShouldBe(D(2024, 3, 10));
        result.BreakdownKeys[Breakdown.Track].ShouldBe("Social");
        result.BreakdownKeys[Breakdown.Organisation].ShouldBe("MDS Nord");
    }

    [Fact]
    public void Case10_a_step_recorded_late_counts_by_its_business_date_but_not_as_known_before_its_recording()
    {
        var history = new History().Entered(D(2024, 3, 5)).RecordedOn(D(2024, 5, 2)).Oriented(D(2024, 3, 20));

        Evaluate.Single(Definition, history, asOf: D(2024, 6, 1)).Outcome.ShouldBe(Outcome.Met);
        var asKnownMidApril = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1), knownAt: History.RecordedAtNoon(D(2024, 4, 15)));
        asKnownMidApril.Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case11_a_correction_moving_the_orientation_past_the_deadline_turns_met_into_missed()
    {
        var history = new History().Entered(D(2024, 3, 5)).Oriented(D(2024, 4, 4));
        var orientation = history.LastVersion;
        history.Corrected(orientation, new OrientationDecided(D(2024, 4, 8), null, Track.Social, "MDS Nord", null, OrientationChannel.Manager), D(2024, 4, 20));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Outcome.ShouldBe(Outcome.Missed);
        result.End.ShouldBe(D(2024, 4, 8));
        result.SourceVersions.ShouldBe([1L, 2L, 3L]);
        Evaluate.Single(Definition, history, asOf: D(2024, 6, 1), knownAt: History.RecordedAtNoon(D(2024, 4, 19)))
            .Outcome.ShouldBe(Outcome.Met);
    }

    [Fact]
    public void Case12_a_person_not_subject_to_rights_and_duties_at_entry_is_not_in_the_population()
    {
        var history = new History().Entered(D(2024, 3, 5), sdd: false).Oriented(D(2024, 3, 20));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Outcome.ShouldBe(Outcome.NotInPopulation);
        result.Reason.ShouldBe(OutcomeReason.NotSubjectToRightsAndDuties);
        result.Cohort.ShouldBeNull();
    }

    [Fact]
    public void Case13_a_reentry_after_a_closure_is_a_new_entrant_with_its_own_window()
    {
        var history = new History()
            .Entered(D(2023, 1, 10)).Oriented(D(2023, 1, 20)).Exited(D(2023, 6, 30))
            .Reentered(D(2024, 2, 1), ReentryGround.AfterClosure).Oriented(D(2024, 2, 15));

        var results = Evaluate.All(Definition, history, asOf: D(2024, 6, 1));

        results.Select(r => (r.Episode, r.Outcome, r.Cohort, r.DelayDays)).ShouldBe(
        [
            (1, Outcome.Met, M(2023, 1), 10),
            (2, Outcome.Met, M(2024, 2), 14),
        ]);
    }

    [Fact]
    public void Case14_a_reentry_after_a_suspension_of_more_than_a_year_is_a_new_entrant()
    {
        var history = new History()
            .Entered(D(2022, 1, 10)).Oriented(D(2022, 1, 15)).Add(new RightSuspended(D(2022, 3, 1), "ressources"))
            .Reentered(D(2023, 6, 1), ReentryGround.AfterLongSuspension);

        var results = Evaluate.All(Definition, history, asOf: D(2023, 7, 15));

        results.Select(r => (r.Episode, r.Outcome, r.Deadline)).ShouldBe(
        [
            (1, Outcome.Met, (NodaTime.LocalDate?)D(2022, 2, 10)),
            (2, Outcome.Missed, D(2023, 7, 1)),
        ]);
    }

    [Fact]
    public void Case15_leaving_the_rsa_before_the_deadline_without_orientation_is_excluded()
    {
        var history = new History().Entered(D(2024, 3, 5)).Exited(D(2024, 3, 25));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.Outcome.ShouldBe(Outcome.Excluded);
        result.Reason.ShouldBe(OutcomeReason.ExitedBeforeDeadline);
    }

    [Fact]
    public void Case16_an_orientation_dated_after_the_as_of_date_is_not_known_yet()
    {
        var history = new History().Entered(D(2024, 3, 5)).Oriented(D(2024, 3, 20));

        Evaluate.Single(Definition, history, asOf: D(2024, 3, 19)).Outcome.ShouldBe(Outcome.Pending);
    }

    [Fact]
    public void Case17_a_retracted_orientation_no_longer_counts()
    {
        var history = new History().Entered(D(2024, 3, 5)).Oriented(D(2024, 3, 20));
        history.Retracted(history.LastVersion, D(2024, 3, 22));

        Evaluate.Single(Definition, history, asOf: D(2024, 6, 1)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case18_a_reentry_known_on_the_day_of_the_closure_opens_a_new_episode_and_the_closure_ends_the_old_one()
    {
        var history = new History()
            .Entered(D(2024, 1, 10)).Oriented(D(2024, 1, 20)).Exited(D(2024, 4, 30))
            .Reentered(D(2024, 4, 30), ReentryGround.AfterClosure).Oriented(D(2024, 5, 6));

        var results = Evaluate.All(Definition, history, asOf: D(2024, 6, 1));

        results.Select(r => (r.Episode, r.Outcome, r.Start, r.End)).ShouldBe(
        [
            (1, Outcome.Met, (NodaTime.LocalDate?)D(2024, 1, 10), (NodaTime.LocalDate?)D(2024, 1, 20)),
            (2, Outcome.Met, D(2024, 4, 30), D(2024, 5, 6)),
        ]);
    }
}
