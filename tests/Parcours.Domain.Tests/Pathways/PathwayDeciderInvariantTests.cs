using NodaTime;
using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Tests.Pathways;

/// <summary>
/// Whatever commands arrive, in whatever order, the history the decider lets through must itself pass the rules
/// when replayed from the start: corrections and retractions included. Seeded, so every run is the same.
/// </summary>
public class PathwayDeciderInvariantTests
{
    private static readonly LocalDate Today = 31.December(2025);
    private static readonly LocalDate Start = 1.January(2025);
    private static readonly Guid[] AppointmentIds = [Guid.Parse("11111111-1111-1111-1111-111111111111"), Guid.Parse("22222222-2222-2222-2222-222222222222")];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void An_accepted_history_always_replays_without_breaking_a_rule(int seed)
    {
        var state = PathwayState.Initial;
        foreach (var step in EffectiveHistory.Of(Walk(seed)))
        {
            StepRules.Check(step.Step, state, Today).ShouldBeNull($"seed {seed}, version {step.Version}: {step.Step}");
            state = state.Apply(step);
        }
    }

    [Fact]
    public void The_walks_do_exercise_corrections_retractions_and_reentries()
    {
        var events = SeedNumbers.SelectMany(Walk).Select(e => e.Event).ToList();

        events.Count.ShouldBeGreaterThan(60 * 10);
        events.OfType<StepCorrected>().Count().ShouldBeGreaterThan(30);
        events.OfType<StepRetracted>().Count().ShouldBeGreaterThan(10);
        events.OfType<RsaReentered>().ShouldNotBeEmpty();
        events.OfType<ContractSigned>().ShouldNotBeEmpty();
    }

    private static List<RecordedPathwayEvent> Walk(int seed)
    {
        var random = new Random(seed);
        var history = new List<RecordedPathwayEvent>();
        for (var i = 0; i < 60; i++)
        {
            var decision = PathwayDecider.Decide(RandomCommand(random, history), PathwayState.From(history), Today);
            if (decision is Decision.Accepted accepted)
            {
                history.AddRange(accepted.Events.Select(e =>
                    new RecordedPathwayEvent(history.Count + 1, e, Instant.FromUtc(2025, 6, 30, 8, 0), "random.walk")));
            }
        }
        return history;
    }

    private static readonly int[] SeedNumbers = [.. Enumerable.Range(1, 60)];

    public static TheoryData<int> Seeds() => [.. SeedNumbers];

    private static IPathwayCommand RandomCommand(Random random, List<RecordedPathwayEvent> history)
    {
        var state = PathwayState.From(history);
        // Mostly forward from the latest step, sometimes back (late recording), sometimes past today.
        LocalDate Date() => (state.LastBusinessDate ?? Start).PlusDays(random.Next(-10, 25));
        Guid Appointment() => AppointmentIds[random.Next(AppointmentIds.Length)];
        if (state.CurrentEpisode is null)
        {
            return new EnterRsa(Start, Start.PlusDays(random.Next(0, 20)), true, EntrySource.CafFlux, null);
        }
        return random.Next(16) switch
        {
            0 => new ReenterRsa(Date(), Date(), true, EntrySource.CafFlux, null, (ReentryGround)random.Next(2)),
            1 => new ChangeRightsAndDuties(Date(), random.Next(2) == 0),
            2 => new SuspendRight(Date(), null),
            3 => new ResumeRight(Date()),
            4 => new CompleteDiagnostic(Date(), null),
            5 => new DecideOrientation(Date(), null, Track.Social, "MDS Muret", null, OrientationChannel.Manager),
            6 => new NotifyOrientation(Date()),
            7 => new DecideReorientation(Date(), null, (Track)random.Next(3), "France Travail", null, OrientationChannel.Manager, "Projet"),
            8 => new FixAppointment(Appointment(), (AppointmentKind)random.Next(2), Date(), Date(), "MDS Muret"),
            9 => new RecordAppointmentOutcome(Appointment(), Date(), (AppointmentOutcome)random.Next(4)),
            10 => new SignContract(ContractKind.EngagementContract, Date(), null, "MDS Muret"),
            11 => new ExitAccompaniment(Date(), "Emploi", true),
            12 => random.Next(3) == 0 ? new ExitRsa(Date(), null) : new CompleteDiagnostic(Date(), null),
            13 or 14 => new CorrectStep(random.Next(1, history.Count + 1), Shifted(history, random), "Erreur"),
            _ => new RetractStep(random.Next(1, history.Count + 1), "Erreur"),
        };
    }

    /// <summary>A step of the history with its business date moved by up to 30 days either way.</summary>
    private static IPathwayStep Shifted(List<RecordedPathwayEvent> history, Random random)
    {
        var step = history.Select(e => e.Event).OfType<IPathwayStep>().ElementAt(random.Next(history.Count(e => e.Event is IPathwayStep)));
        var days = random.Next(-30, 31);
        return step switch
        {
            RsaEntered e => e with { KnownOn = e.KnownOn.PlusDays(days) },
            RsaReentered r => r with { KnownOn = r.KnownOn.PlusDays(days) },
            RightsAndDutiesChanged c => c with { On = c.On.PlusDays(days) },
            RightSuspended s => s with { On = s.On.PlusDays(days) },
            RightResumed r => r with { On = r.On.PlusDays(days) },
            DiagnosticCompleted d => d with { On = d.On.PlusDays(days) },
            OrientationDecided o => o with { DecidedOn = o.DecidedOn.PlusDays(days) },
            OrientationNotified n => n with { On = n.On.PlusDays(days) },
            ReorientationDecided r => r with { DecidedOn = r.DecidedOn.PlusDays(days) },
            AppointmentFixed a => a with { FixedOn = a.FixedOn.PlusDays(days) },
            AppointmentOutcomeRecorded o => o with { On = o.On.PlusDays(days) },
            ContractSigned c => c with { SignedOn = c.SignedOn.PlusDays(days) },
            AccompanimentExited x => x with { On = x.On.PlusDays(days) },
            RsaExited x => x with { On = x.On.PlusDays(days) },
            _ => step,
        };
    }
}
