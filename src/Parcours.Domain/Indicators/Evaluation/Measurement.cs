using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators.Evaluation;

/// <summary>
/// One window to judge: its start, the end found for it (if any), and what may close it early: the next orientation
/// decision (per-decision definitions) or the end of the episode.
/// </summary>
internal sealed record Measurement(
    int Occurrence,
    AnchorHit Start,
    AnchorHit? End,
    NodaTime.LocalDate? InterruptedOn,
    OrientationDecision? Decision);
