using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Importers.Cnaf.Flux;
using Parcours.Importers.Cnaf.Import;
using Parcours.Simulation;
using Parcours.Simulation.Identities;

namespace Parcours.Importers.Generation;

/// <summary>The files <c>parcours generate</c> wrote, in the order they must be imported.</summary>
/// <param name="Imports">Each month's flux then the steps recorded after it; the takeover steps (reprise) first.</param>
public sealed record GeneratedFiles(string Directory, string Communes, IReadOnlyList<GeneratedFile> Imports, long People);

public enum GeneratedKind { Flux, Steps }

public sealed record GeneratedFile(GeneratedKind Kind, string Path, int Records);

/// <summary>
/// Writes a simulated département as the files a département receives and exports (docs/imports.md): one monthly CAF
/// flux per month of the simulation, dated its batch day, holding every household whose right the CAF reports that day;
/// and the steps recorded by people and other software as CSV, cut at each flux (so that importing flux then steps,
/// month after month, replays the simulation in the order it was recorded). The CAF's changes (entries it reports on
/// its batch day, suspensions, resumptions, closures, re-entries, rights and duties) are left for the importer to derive
/// from the flux; entries the département learned of otherwise (daily flux, by hand, by transfer, and the stock present
/// before the first flux) are CSV entry rows with the person's identity. One pass over the people: memory stays bounded.
/// </summary>
public static class DepartementFiles
{
    /// <summary>Flux are cut before office hours on the batch day: the CAF's nightly import is done, no one has recorded yet.</summary>
    private static readonly LocalTime Cut = new(8, 0);
    private static readonly LocalTime FluxCreatedAt = new(6, 0);
    private const string CafActor = "caf-flux";

    public static GeneratedFiles Generate(DepartementSimulation simulation, string directory, Action<long>? peopleDone = null)
    {
        Directory.CreateDirectory(directory);
        var window = simulation.Profile.Window;
        var months = Enumerable.Range(0, simulation.Profile.Months).Select(window.Month).ToList();
        var batchDays = months.Select(m => m.OnDayOfMonth(Math.Min(simulation.Profile.Right.CafBatchDay, m.Calendar.GetDaysInMonth(m.Year, m.Month)))).ToList();
        var cuts = batchDays.Select(d => (d + Cut).InZoneLeniently(SimulationWindow.Paris).ToInstant()).ToList();
        var dayStarts = batchDays.Select(d => d.AtStartOfDayInZone(SimulationWindow.Paris).ToInstant()).ToList();
        var tenant = simulation.Profile.Tenant;

        var fluxPaths = months.Select(m => Path.Combine(directory, $"flux-{m:yyyy-MM}.xml")).ToList();
        var streams = fluxPaths.Select(p => new FileStream(p, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16)).ToList();
        var flux = batchDays.Select((d, i) => new FluxWriter(streams[i], new FluxHeader("M", "A", d + FluxCreatedAt, d), tenant)).ToList();
        var stepPaths = new[] { Path.Combine(directory, "etapes-reprise.csv") }
            .Concat(months.Select(m => Path.Combine(directory, $"etapes-{m:yyyy-MM}.csv"))).ToList();
        var steps = stepPaths.Select(p => new StepCsvWriter(p)).ToList();
        var communes = new Dictionary<string, string>();
        long people = 0;
        try
        {
            foreach (var household in Households(simulation.People()))
            {
                foreach (var member in household) communes[member.Identity.CommuneCode] = member.Identity.Territory;
                WriteFlux(household, batchDays, cuts, flux, tenant);
                foreach (var member in household) WriteSteps(member, batchDays, cuts, dayStarts, steps);
                people += household.Count;
                peopleDone?.Invoke(people);
            }
        }
        finally
        {
            foreach (var writer in flux) writer.Dispose();
            foreach (var stream in streams) stream.Dispose();
            foreach (var writer in steps) writer.Dispose();
        }
        var communesPath = Path.Combine(directory, "communes.csv");
        CommuneTerritories.Write(communesPath, communes);

        var imports = new List<GeneratedFile> { new(GeneratedKind.Steps, stepPaths[0], steps[0].Rows) };
        for (var k = 0; k < months.Count; k++)
        {
            imports.Add(new GeneratedFile(GeneratedKind.Flux, fluxPaths[k], flux[k].Households));
            imports.Add(new GeneratedFile(GeneratedKind.Steps, stepPaths[k + 1], steps[k + 1].Rows));
        }
        return new GeneratedFiles(directory, communesPath, imports, people);
    }

    /// <summary>Two adjacent people of one CAF household (applicant then partner) form one household; everyone else is alone.</summary>
    private static IEnumerable<List<SyntheticPerson>> Households(IEnumerable<SyntheticPerson> people)
    {
        List<SyntheticPerson>? pending = null;
        foreach (var person in people)
        {
            if (pending is not null && person.Identity.Role == HouseholdRole.Partner && person.Identity.CafMatricule == pending[0].Identity.CafMatricule)
            {
                pending.Add(person);
                yield return pending;
                pending = null;
                continue;
            }
            if (pending is not null) yield return pending;
            pending = [person];
        }
        if (pending is not null) yield return pending;
    }

    /// <summary>What the CAF says of one person's right once the events recorded so far are known.</summary>
    private sealed record RightSnapshot(
        Instant At, LocalDate Application, bool Subject, FluxSuspension? Suspension, FluxClosure? Closure, Instant? ClosedAt);

    private static List<RightSnapshot> RightHistory(SyntheticPerson person)
    {
        var snapshots = new List<RightSnapshot>();
        RightSnapshot? current = null;
        foreach (var generated in person.Events)
        {
            var at = generated.RecordedAt;
            current = generated.Event switch
            {
                RsaEntered e => new RightSnapshot(at, e.ApplicationDate, e.SubjectToRightsAndDuties, null, null, null),
                RsaReentered r => new RightSnapshot(at, r.ApplicationDate, r.SubjectToRightsAndDuties, null, null, null),
                RightsAndDutiesChanged c when current is not null => current with { At = at, Subject = c.SubjectToRightsAndDuties },
                RightSuspended s when current is not null => current with { At = at, Suspension = new FluxSuspension(ReasonCode(s.Reason, 2), s.On) },
                RightResumed when current is not null => current with { At = at, Suspension = null },
                RsaExited x when current is not null => current with { At = at, Closure = new FluxClosure(ReasonCode(x.CafClosureReason, 3), x.On), ClosedAt = at },
                _ => current,
            };
            if (current is not null && (snapshots.Count == 0 || !ReferenceEquals(snapshots[^1], current))) snapshots.Add(current);
        }
        return snapshots;
    }

    private static void WriteFlux(List<SyntheticPerson> household, List<LocalDate> batchDays, List<Instant> cuts, List<FluxWriter> flux, string tenant)
    {
        var histories = household.Select(RightHistory).ToList();
        var positions = new int[household.Count];
        for (var k = 0; k < cuts.Count; k++)
        {
            var present = new List<(SyntheticPerson Person, RightSnapshot State)>();
            for (var m = 0; m < household.Count; m++)
            {
                var history = histories[m];
                while (positions[m] < history.Count && history[positions[m]].At <= cuts[k]) positions[m]++;
                if (positions[m] == 0) continue;
                var state = history[positions[m] - 1];
                // A closure is reported once, in the first flux after it; then the household leaves the flux.
                if (state.ClosedAt is { } closedAt && (k > 0 && closedAt <= cuts[k - 1])) continue;
                present.Add((household[m], state));
            }
            if (present.Count == 0) continue;
            var head = present[0].State;
            var rightState = head.Closure is not null ? RightState.Closed
                : head.Suspension is not null ? RightState.PaymentSuspended
                : RightState.OpenPayable;
            var identity = present[0].Person.Identity;
            flux[k].Write(new FluxHousehold(
                0, 0, "CAF", identity.CafMatricule, tenant, head.Application, identity.CafMatricule.PadLeft(11, '0')[..11], rightState,
                rightState == RightState.PaymentSuspended ? head.Suspension : null, rightState == RightState.Closed ? head.Closure : null,
                identity.CommuneCode, null,
                [.. present.Select(p => new FluxPerson(
                    p.Person.Identity.LastName, p.Person.Identity.FirstName, p.Person.Identity.BirthDate, p.Person.Identity.Nir.Value,
                    p.Person.Identity.SexCode, p.Person.Identity.CafRoleCode, p.State.Subject))]));
        }
    }

    /// <summary>
    /// Every step the flux does not carry, in the CSV of the period it was recorded in. Corrections are applied (the step
    /// is written with its corrected value, as the software that kept it would export it) and retracted steps left out.
    /// </summary>
    private static void WriteSteps(
        SyntheticPerson person, List<LocalDate> batchDays, List<Instant> cuts, List<Instant> dayStarts, List<StepCsvWriter> steps)
    {
        var corrected = new Dictionary<long, IPathwayStep>();
        var retracted = new HashSet<long>();
        foreach (var generated in person.Events)
        {
            if (generated.Event is StepCorrected c) corrected[c.TargetVersion] = c.Replacement;
            else if (generated.Event is StepRetracted r) retracted.Add(r.TargetVersion);
        }
        foreach (var generated in person.Events)
        {
            if (retracted.Contains(generated.Version) || IsFluxEvent(generated, batchDays, cuts)) continue;
            var step = corrected.TryGetValue(generated.Version, out var replacement) ? replacement : generated.Event;
            // An entry written as a step must be known before the flux that carries the household; any other step goes
            // after the flux of its recording day, since it may follow a change that flux brings (an automatic
            // orientation recorded minutes after the CAF's entry, on the batch day).
            var chunk = step is RsaEntered or RsaReentered ? ChunkOf(generated.RecordedAt, cuts) : ChunkOf(generated.RecordedAt, dayStarts);
            steps[chunk].Write(person.Identity, step, generated.RecordedAt, generated.RecordedBy);
        }
    }

    /// <summary>The CAF's own changes: derived by the importer from the flux, never written as steps.</summary>
    private static bool IsFluxEvent(GeneratedEvent generated, List<LocalDate> batchDays, List<Instant> cuts) => generated.Event switch
    {
        RightSuspended or RightResumed or RsaExited => true,
        RightsAndDutiesChanged => generated.RecordedBy == CafActor,
        RsaEntered e => e.Source == EntrySource.CafFlux && IsBatchRecording(e.KnownOn, generated.RecordedAt, batchDays, cuts),
        RsaReentered r => r.Source == EntrySource.CafFlux && IsBatchRecording(r.KnownOn, generated.RecordedAt, batchDays, cuts),
        _ => false,
    };

    /// <summary>Known on a batch day and recorded that day before the cut: the monthly flux of that day reports it.</summary>
    private static bool IsBatchRecording(LocalDate knownOn, Instant recordedAt, List<LocalDate> batchDays, List<Instant> cuts)
    {
        var k = batchDays.BinarySearch(knownOn);
        return k >= 0 && recordedAt <= cuts[k] && recordedAt.InZone(SimulationWindow.Paris).Date == knownOn;
    }

    /// <summary>0 before the first boundary (the takeover), then k + 1 after the boundary of month k.</summary>
    private static int ChunkOf(Instant recordedAt, List<Instant> cuts)
    {
        var chunk = 0;
        while (chunk < cuts.Count && recordedAt >= cuts[chunk]) chunk++;
        return chunk;
    }

    /// <summary>
    /// The flux carries reason codes (MOTISUSVERSRSA: 2 characters, MOTICLORSA: 3), not labels. The generator makes up
    /// stable codes from the simulation's labels; they are not the CAF's code tables.
    /// </summary>
    private static string ReasonCode(string? label, int length) =>
        label is null ? "" : ((uint)label.Aggregate(17, (h, c) => h * 31 + c) % (length == 2 ? 100u : 1000u)).ToString(length == 2 ? "00" : "000");
}
