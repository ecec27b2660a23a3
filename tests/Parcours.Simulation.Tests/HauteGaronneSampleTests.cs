using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;
using Xunit.Abstractions;

namespace Parcours.Simulation.Tests;

/// <summary>
/// The shape of the Haute-Garonne profile on a sample of its new entrants (people generated alone, by index): the
/// organisations it claims, the monthly CAF batch, the channels' own delays, no-shows, réorientations, exits and
/// re-entries. Tolerances are wide enough for a 4,000-person sample and tight enough to catch a parameter ignored.
/// </summary>
public class HauteGaronneSampleTests(ITestOutputHelper output)
{
    private static readonly DepartementSimulation Simulation = new(SimulationProfiles.HauteGaronne, 2024);

    /// <summary>4,000 new entrants spread over the 36 months (every 7th index after the stock).</summary>
    private static readonly IReadOnlyList<SyntheticPerson> Entrants =
    [
        .. Enumerable.Range(0, 4_000).Select(i => Simulation.Person(Simulation.Layout.Stock + 7L * i)),
    ];

    private static IEnumerable<IPathwayEvent> EventsOf(SyntheticPerson person) => person.Events.Select(e => e.Event);

    [Fact]
    public void Haute_garonne_has_5_territories_and_30_mds()
    {
        var organisations = Simulation.Organisations;

        organisations.Territories.ShouldBe(["DT1", "DT2", "DT3", "DT4", "DT5"]);
        organisations.All.Count(o => o.Kind == OrganisationKind.Mds).ShouldBe(30);
        organisations.All.Where(o => o.Kind == OrganisationKind.Mds).GroupBy(o => o.Territory).ShouldAllBe(g => g.Count() == 6);
    }

    [Fact]
    public void Most_entries_reach_the_departement_with_the_monthly_caf_batch_on_the_20th()
    {
        var entries = Entrants.Select(p => EventsOf(p).OfType<RsaEntered>().Single()).ToList();
        var fromCaf = entries.Where(e => e.Source == EntrySource.CafFlux).ToList();
        var batch = fromCaf.Where(e => e.KnownOn.Day == 20 && e.ApplicationDate.ToYearMonth() == e.KnownOn.ToYearMonth().PlusMonths(-1)).ToList();
        var daily = fromCaf.Except(batch).ToList();
        output.WriteLine($"CAF entries: {fromCaf.Count}, monthly batch {batch.Count}, daily flux {daily.Count}");

        ((double)fromCaf.Count / entries.Count).ShouldBeInRange(0.93, 0.97);
        ((double)batch.Count / fromCaf.Count).ShouldBeInRange(0.80, 0.88);
        // The daily flux: known 2 to 9 days after the application.
        daily.ShouldAllBe(e => Period.DaysBetween(e.ApplicationDate, e.KnownOn) >= 2 && Period.DaysBetween(e.ApplicationDate, e.KnownOn) <= 9);
        // The batch: 20 to 50 days after the application, which puts "oriented within one month of the application" out of reach.
        batch.ShouldAllBe(e => Period.DaysBetween(e.ApplicationDate, e.KnownOn) >= 20 && Period.DaysBetween(e.ApplicationDate, e.KnownOn) <= 50);
    }

    [Fact]
    public void Each_orientation_channel_has_its_own_delay_automatic_fastest_equipe_pluridisciplinaire_slowest()
    {
        var delays = Entrants
            .Select(p => (Entry: EventsOf(p).OfType<RsaEntered>().Single(), Orientation: EventsOf(p).OfType<OrientationDecided>().FirstOrDefault()))
            .Where(x => x.Entry.SubjectToRightsAndDuties && x.Orientation is not null)
            .GroupBy(x => x.Orientation!.Channel)
            .ToDictionary(g => g.Key, g => Median(g.Select(x => Period.DaysBetween(x.Entry.KnownOn, x.Orientation!.DecidedOn))));
        foreach (var (channel, median) in delays) output.WriteLine($"{channel}: median {median} days");

        delays.Keys.ShouldBe(Enum.GetValues<OrientationChannel>(), ignoreOrder: true);
        delays[OrientationChannel.Automatic].ShouldBeLessThan(delays[OrientationChannel.Kiosk]);
        delays[OrientationChannel.Kiosk].ShouldBeLessThan(delays[OrientationChannel.Manager]);
        delays[OrientationChannel.Manager].ShouldBeLessThan(delays[OrientationChannel.MultidisciplinaryTeam]);
    }

    [Fact]
    public void About_one_accompaniment_appointment_in_five_is_a_no_show()
    {
        var outcomes = Entrants.SelectMany(p =>
        {
            var accompaniment = EventsOf(p).OfType<AppointmentFixed>().Where(a => a.Kind == AppointmentKind.Accompaniment)
                .Select(a => a.AppointmentId).ToHashSet();
            return EventsOf(p).OfType<AppointmentOutcomeRecorded>().Where(o => accompaniment.Contains(o.AppointmentId));
        }).ToList();
        var noShows = (double)outcomes.Count(o => o.Outcome == AppointmentOutcome.NoShow) / outcomes.Count;
        output.WriteLine($"accompaniment outcomes: {outcomes.Count}, no-shows {noShows:P1}");

        outcomes.Count.ShouldBeGreaterThan(1_000);
        noShows.ShouldBeInRange(0.16, 0.24);
    }

    [Fact]
    public void Some_oriented_people_are_reoriented_and_some_leave_and_come_back()
    {
        var oriented = Entrants.Count(p => EventsOf(p).OfType<OrientationDecided>().Any());
        var reoriented = Entrants.Count(p => EventsOf(p).OfType<ReorientationDecided>().Any());
        var exited = Entrants.Count(p => EventsOf(p).OfType<RsaExited>().Any());
        var reentries = Entrants.SelectMany(p => EventsOf(p).OfType<RsaReentered>()).ToList();
        output.WriteLine($"oriented {oriented}, reoriented {reoriented}, exited {exited}, re-entries {reentries.Count} " +
                         $"({reentries.Count(r => r.Ground == ReentryGround.AfterLongSuspension)} after a long suspension)");

        ((double)reoriented / oriented).ShouldBeInRange(0.03, 0.11);
        ((double)exited / Entrants.Count).ShouldBeInRange(0.2, 0.8);
        reentries.Count.ShouldBeGreaterThan(50);
        reentries.ShouldContain(r => r.Ground == ReentryGround.AfterClosure);
        reentries.ShouldContain(r => r.Ground == ReentryGround.AfterLongSuspension);
    }

    private static double Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2.0;
    }
}
