using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Domain.Indicators.Evaluation;

/// <summary>An orientation or réorientation decision of an episode, with its notification once known.</summary>
public sealed record OrientationDecision(
    LocalDate DecidedOn,
    Track Track,
    string Organisation,
    AnchorHit Decision,
    AnchorHit? Notification);
