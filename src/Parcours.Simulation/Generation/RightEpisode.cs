using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Simulation.Generation;

/// <summary>How an episode of the right ends.</summary>
internal enum EpisodeEnd { StillOpen, Closed, LongSuspension }

/// <summary>
/// One stretch of a household's right, from an entry (or re-entry) to its closure or to a suspension that lasts
/// more than a year. Steps of the person's pathway happen strictly before <see cref="StepsBefore"/> and never
/// during a suspension that is later lifted.
/// </summary>
internal sealed record RightEpisode(
    LocalDate ApplicationDate,
    LocalDate KnownOn,
    EntrySource Source,
    ReentryGround? Ground,
    LocalDate? SuspendedOn,
    LocalDate? ResumedOn,
    LocalDate? ExitOn,
    EpisodeEnd End,
    LocalDate StepsBefore);
