using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

/// <summary>Loi plein emploi: first orientation within 6 weeks of the day the département learned of the entry.</summary>
public class PleinEmploiOrientationDelayTests
{
    private static readonly IndicatorDefinition Definition = PleinEmploiOrientationDelay.Definition;

    [Fact]
    public void Case01_oriented_on_the_42nd_day_counts()
    {
        var history = new History().Entered(D(2025, 1, 6)).Oriented(D(2025, 2, 17));

        var result = Evaluate.Single(Definition, history, asOf: D(2025, 4, 1));

        result.Deadline.ShouldBe(D(2025, 2, 17));
        result.Outcome.ShouldBe(Outcome.Met);
        result.DelayDays.ShouldBe(42);
    }

    [Fact]
    public void Case02_oriented_on_the_43rd_day_is_missed()
    {
        var history = new History().Entered(D(2025, 1, 6)).Oriented(D(2025, 2, 18));

        Evaluate.Single(Definition, history, asOf: D(2025, 4, 1)).Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void Case03_the_window_starts_when_the_departement_learns_of_the_entry_not_at_the_application()
    {
        var history = new History().Entered(D(2025, 2, 20), applied: D(2025, 1, 2)).Oriented(D(2025, 3, 25));

        var result = Evaluate.Single(Definition, history, asOf: D(2025, 6, 1));

        result.Start.ShouldBe(D(2025, 2, 20));
        result.Outcome.ShouldBe(Outcome.Met);
    }

    [Fact]
    public void Case04_a_person_never_oriented_is_pending_then_missed()
    {
        var history = new History().Entered(D(2025, 1, 6));

        Evaluate.Single(Definition, history, asOf: D(2025, 2, 17)).Outcome.ShouldBe(Outcome.Pending);
        Evaluate.Single(Definition, history, asOf: D(2025, 2, 18)).Outcome.ShouldBe(Outcome.Missed);
    }
}
