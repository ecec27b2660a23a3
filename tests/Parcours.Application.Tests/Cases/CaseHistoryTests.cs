using NodaTime;
using Parcours.Application.Cases;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Tests.Cases;

public sealed class CaseHistoryTests
{
    private static readonly Instant Noon = Instant.FromUtc(2025, 3, 3, 11, 0);

    [Fact]
    public void Corrections_and_retractions_are_linked_both_ways_with_their_reasons()
    {
        var entry = new RsaEntered(new LocalDate(2025, 2, 20), new LocalDate(2025, 3, 1), true, EntrySource.CafFlux, "T1");
        var orientation = new OrientationDecided(new LocalDate(2025, 3, 10), null, Track.Social, "MDS Nord", null, OrientationChannel.Manager);
        var diagnostic = new DiagnosticCompleted(new LocalDate(2025, 3, 5), null);
        RecordedPathwayEvent[] events =
        [
            new(1, entry, Noon, "caf-flux"),
            new(2, orientation, Noon.Plus(Duration.FromDays(10)), "gsb.martin"),
            new(3, diagnostic, Noon.Plus(Duration.FromDays(11)), "gsb.martin"),
            new(4, new StepCorrected(2, orientation with { DecidedOn = new LocalDate(2025, 3, 9) }, "date mal saisie", new LocalDate(2025, 3, 20)), Noon.Plus(Duration.FromDays(17)), "gsb.durand"),
            new(5, new StepRetracted(3, "saisi sur le mauvais dossier", new LocalDate(2025, 3, 21)), Noon.Plus(Duration.FromDays(18)), "gsb.durand"),
            new(6, new StepCorrected(2, orientation with { DecidedOn = new LocalDate(2025, 3, 8) }, "seconde correction", new LocalDate(2025, 3, 22)), Noon.Plus(Duration.FromDays(19)), "gsb.durand"),
        ];

        var history = CaseHistory.Of(events);

        history.Select(h => h.Version).ShouldBe([1, 2, 3, 4, 5, 6]);
        history[1].CorrectedBy.ShouldBe([4L, 6L]);
        history[1].Label.ShouldBe("Orientation");
        history[1].BusinessDate.ShouldBe(new LocalDate(2025, 3, 10));
        history[2].RetractedBy.ShouldBe(5);
        history[3].Corrects.ShouldBe(2);
        history[3].Label.ShouldBe("Correction (Orientation)");
        history[3].Reason.ShouldBe("date mal saisie");
        history[4].Retracts.ShouldBe(3);
        history[4].RecordedBy.ShouldBe("gsb.durand");
        history[0].CorrectedBy.ShouldBeEmpty();
        history[0].RetractedBy.ShouldBeNull();
        history[0].Type.ShouldBe("rsa-entered");
    }
}
