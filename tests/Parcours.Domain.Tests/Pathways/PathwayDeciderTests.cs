using NodaTime;
using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Tests.Pathways;

/// <summary>
/// The decider's specification, one partial file per command: Given(past events).When(command).Then(new events,
/// no event, or a rejection code). Unless a test says otherwise, today is 30 June 2025 in Europe/Paris.
/// </summary>
public partial class PathwayDeciderTests
{
    private static readonly LocalDate Today = 30.June(2025);
    private static readonly Instant RecordingStart = Instant.FromUtc(2025, 1, 6, 8, 0);

    private readonly List<RecordedPathwayEvent> _history = [];
    private Decision? _decision;

    private PathwayDeciderTests Given(params IPathwayEvent[] events)
    {
        foreach (var @event in events)
        {
            var version = _history.Count + 1;
            _history.Add(new RecordedPathwayEvent(version, @event, RecordingStart + Duration.FromHours(version), "gsb.test"));
        }
        return this;
    }

    private PathwayDeciderTests When(IPathwayCommand command, LocalDate? today = null)
    {
        _decision = PathwayDecider.Decide(command, PathwayState.From(_history), today ?? Today);
        return this;
    }

    private void Then(params IPathwayEvent[] expected) =>
        _decision.ShouldBeOfType<Decision.Accepted>($"expected acceptance, got {_decision}").Events.ShouldBe(expected);

    private void ThenNoEvent() => Then();

    private Rejection ThenRejected(string code)
    {
        var rejection = _decision.ShouldBeOfType<Decision.Rejected>($"expected rejection {code}, got {_decision}").Rejection;
        rejection.Code.ShouldBe(code);
        rejection.Message.ShouldNotBeNullOrWhiteSpace();
        return rejection;
    }
}
