using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;
using Parcours.Simulation.Tests.Support;

namespace Parcours.Simulation.Tests;

public class PathwayValidityTests
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(0xDEADBEEFUL)]
    public void Every_history_of_the_small_profile_satisfies_the_pathway_rules(ulong seed)
    {
        var profile = SimulationProfiles.Small;
        var breaches = new DepartementSimulation(profile, seed).People()
            .SelectMany(p => PathwayRules.Violations(p, profile.Window).Select(b => $"#{p.Index}: {b}"))
            .Take(10).ToList();

        breaches.ShouldBeEmpty();
    }

    [Fact]
    public void Histories_stay_valid_when_every_step_is_late_and_mistakes_are_frequent()
    {
        var profile = SimulationProfiles.Small with
        {
            StartMonth = new NodaTime.YearMonth(2023, 1),
            Months = 36,
            Recording = SimulationProfiles.Small.Recording with { SameDayShare = 0, CorrectionShare = 0.5, RetractionShare = 0.5 },
            Right = SimulationProfiles.Small.Right with { SuspensionShare = 0.6, ReentryShare = 0.9, CoupleShare = 0.5 },
        };
        var people = new DepartementSimulation(profile, 99).People().ToList();

        people.SelectMany(p => PathwayRules.Violations(p, profile.Window)).Take(10).ShouldBeEmpty();
        var events = people.SelectMany(p => p.Events).Select(e => e.Event).ToList();
        events.OfType<StepCorrected>().Count().ShouldBeGreaterThan(10);
        events.OfType<StepRetracted>().ShouldNotBeEmpty();
        events.OfType<RsaReentered>().ShouldContain(r => r.Ground == ReentryGround.AfterLongSuspension);
    }

    [Fact]
    public void A_correction_targets_a_step_of_the_same_type_recorded_with_another_date()
    {
        var profile = SimulationProfiles.Small with { Recording = SimulationProfiles.Small.Recording with { CorrectionShare = 0.3 } };
        var corrected = new DepartementSimulation(profile, 4).People()
            .SelectMany(p => p.Events.Select(e => (Person: p, e.Event)))
            .Where(x => x.Event is StepCorrected).Take(20).ToList();

        corrected.ShouldNotBeEmpty();
        foreach (var (person, e) in corrected)
        {
            var correction = (StepCorrected)e;
            var target = person.Events.Single(t => t.Version == correction.TargetVersion).Event;
            target.GetType().ShouldBe(correction.Replacement.GetType());
            target.BusinessDate.ShouldNotBe(correction.Replacement.BusinessDate);
            correction.Reason.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Some_people_are_never_oriented_and_late_data_leaves_the_last_weeks_thin()
    {
        var profile = SimulationProfiles.Small;
        var people = new DepartementSimulation(profile, 12).People().ToList();
        var oriented = people.Count(p => p.Events.Any(e => e.Event is OrientationDecided));

        ((double)oriented / people.Count).ShouldBeInRange(0.5, 0.95);
        var steps = people.SelectMany(p => p.Events).ToList();
        steps.ShouldAllBe(e => e.RecordedAt < profile.Window.End);
        steps.ShouldContain(e => e.RecordedBy == "caf-flux");
        steps.ShouldContain(e => e.RecordedBy.StartsWith("gsb-31-"));
        steps.ShouldContain(e => e.RecordedBy.StartsWith("ref-31-"));
    }
}
