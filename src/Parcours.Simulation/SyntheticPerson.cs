using Parcours.Simulation.Identities;

namespace Parcours.Simulation;

/// <summary>
/// One person of a synthetic département: the stream of their pathway and, apart from it, their invented
/// identity (for the files that carry identities; it never enters an event).
/// </summary>
/// <param name="Tenant">Département code.</param>
/// <param name="Index">Position in the département's population (stock first, then entrants month by month).</param>
public sealed record SyntheticPerson(
    string Tenant,
    long Index,
    Domain.Pathways.CaseId CaseId,
    SyntheticIdentity Identity,
    IReadOnlyList<GeneratedEvent> Events);
