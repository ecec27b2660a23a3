using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>rdv-insertion "accompanied in less than 30 days": first accompaniment appointment held strictly before orientation + 30 days.</summary>
public class RdvInsertionAccompanimentDelayTests
{
    private static readonly IndicatorDefinition Definition = RdvInsertionAccompanimentDelay.Definition;

    private static IndicatorResult HeldOn(NodaTime.LocalDate heldOn) => Evaluate.Single(
        Definition,
        new History().Entered(D(2024, 2, 1)).Oriented(D(2024, 3, 1)).AppointmentHeld(AppointmentKind.Accompaniment, fixedOn: D(2024, 3, 2), heldOn),
        asOf: D(2024, 6, 1));

    [Fact]
    public void Case01_held_on_day_29_counts()
    {
        HeldOn(D(2024, 3, 30)).Outcome.ShouldBe(Outcome.Met);
    }

    [Fact]
    public void Case02_held_on_day_30_is_missed()
    {
        HeldOn(D(2024, 3, 31)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case03_the_date_held_is_the_appointment_day_not_the_day_its_outcome_was_recorded()
    {
        var id = Guid.NewGuid();
        var history = new History().Entered(D(2024, 2, 1)).Oriented(D(2024, 3, 1))
            .AppointmentFixed(AppointmentKind.Accompaniment, D(2024, 3, 2), scheduledFor: D(2024, 3, 25), id)
            .Add(new AppointmentOutcomeRecorded(id, D(2024, 4, 8), AppointmentOutcome.Held));

        var result = Evaluate.Single(Definition, history, asOf: D(2024, 6, 1));

        result.End.ShouldBe(D(2024, 3, 25));
        result.Outcome.ShouldBe(Outcome.Met);
        result.SourceVersions.ShouldBe([2L, 3L, 4L]);
    }

    [Fact]
    public void Case04_a_no_show_is_not_held()
    {
        var id = Guid.NewGuid();
        var history = new History().Entered(D(2024, 2, 1)).Oriented(D(2024, 3, 1))
            .AppointmentFixed(AppointmentKind.Accompaniment, D(2024, 3, 2), scheduledFor: D(2024, 3, 25), id)
            .Add(new AppointmentOutcomeRecorded(id, D(2024, 3, 25), AppointmentOutcome.NoShow));

        Evaluate.Single(Definition, history, asOf: D(2024, 6, 1)).Outcome.ShouldBe(Outcome.Missed);
    }
}
