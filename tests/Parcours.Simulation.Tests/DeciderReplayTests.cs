using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;

namespace Parcours.Simulation.Tests;

/// <summary>
/// Feeds every generated stream, event by event, to the domain's <see cref="PathwayDecider"/> as the commands that
/// would have produced it, on the day each was recorded: the decider must accept each one and produce exactly
/// the generated event.
/// </summary>
public class DeciderReplayTests
{
    private sealed record RecordStep(IPathwayStep Step) : IStepCommand
    {
        public IPathwayStep ToStep() => Step;
    }

    [Theory]
    [InlineData(1UL, 12)]
    [InlineData(2UL, 36)]
    public void The_decider_accepts_every_generated_event_as_recorded(ulong seed, int months)
    {
        var profile = SimulationProfiles.Small with
        {
            StartMonth = new NodaTime.YearMonth(2023, 1),
            Months = months,
            Recording = SimulationProfiles.Small.Recording with { CorrectionShare = 0.2, RetractionShare = 0.2 },
            Right = SimulationProfiles.Small.Right with { SuspensionShare = 0.4, ReentryShare = 0.5 },
        };
        var refusals = new DepartementSimulation(profile, seed).People()
            .SelectMany(p => Refusals(p).Select(r => $"#{p.Index}: {r}"))
            .Take(10).ToList();

        refusals.ShouldBeEmpty();
    }

    [Fact]
    public void The_decider_accepts_the_histories_of_haute_garonne_stock_and_entrants()
    {
        var simulation = new DepartementSimulation(SimulationProfiles.HauteGaronne, 31);
        var indexes = Enumerable.Range(0, 1_500).Concat(Enumerable.Range(36_000, 1_500));
        var refusals = indexes.Select(i => simulation.Person(i))
            .SelectMany(p => Refusals(p).Select(r => $"#{p.Index}: {r}"))
            .Take(10).ToList();

        refusals.ShouldBeEmpty();
    }

    private static IEnumerable<string> Refusals(SyntheticPerson person)
    {
        var history = new List<RecordedPathwayEvent>();
        foreach (var generated in person.Events)
        {
            IPathwayCommand command = generated.Event switch
            {
                StepCorrected c => new CorrectStep(c.TargetVersion, c.Replacement, c.Reason),
                StepRetracted r => new RetractStep(r.TargetVersion, r.Reason),
                IPathwayStep step => new RecordStep(step),
                var other => throw new InvalidOperationException(other.GetType().Name),
            };
            var today = ParisCalendar.DateOf(generated.RecordedAt);
            var decision = PathwayDecider.Decide(command, PathwayState.From(history), today);
            if (decision is not Decision.Accepted { Events: [var produced] } || !produced.Equals(generated.Event))
            {
                yield return $"v{generated.Version} {generated.Event}: {decision}";
                yield break;
            }
            history.Add(generated.ToRecorded());
        }
    }
}
