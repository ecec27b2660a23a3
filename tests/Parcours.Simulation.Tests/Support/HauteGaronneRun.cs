using System.Diagnostics;
using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;

namespace Parcours.Simulation.Tests.Support;

/// <summary>
/// Generates Haute-Garonne over 36 months once for its test class, streaming: each person is checked against the
/// pathway rules and folded into counts, then forgotten.
/// </summary>
public sealed class HauteGaronneRun
{
    public const ulong Seed = 2024;

    public HauteGaronneRun()
    {
        Simulation = new DepartementSimulation(SimulationProfiles.HauteGaronne, Seed);
        var window = Profile.Window;
        var stopwatch = Stopwatch.StartNew();
        foreach (var person in Simulation.People())
        {
            Summary.Add(person);
            var breaches = PathwayRules.Violations(person, window);
            PeopleWithBreaches += breaches.Count > 0 ? 1 : 0;
            if (breaches.Count > 0 && SampleBreaches.Count < 10) SampleBreaches.Add($"#{person.Index}: {string.Join("; ", breaches)}");
            Observe(person, window);
        }
        Elapsed = stopwatch.Elapsed;
    }

    public DepartementSimulation Simulation { get; }
    public SimulationProfile Profile => Simulation.Profile;
    public SimulationSummary Summary { get; } = new();
    public TimeSpan Elapsed { get; }
    public int PeopleWithBreaches { get; private set; }
    public List<string> SampleBreaches { get; } = [];

    public Dictionary<YearMonth, int> FirstEntriesByMonth { get; } = [];
    public int StockEntriesBeforeStart { get; private set; }
    public Dictionary<Track, int> FirstOrientationTracks { get; } = [];
    public int StaffSteps { get; private set; }
    public int StaffStepsRecordedLate { get; private set; }
    public int KioskOutcomes { get; private set; }
    public int KioskNoShows { get; private set; }
    public List<(ContractKind Kind, LocalDate SignedOn, Track Track)> Contracts { get; } = [];

    private void Observe(SyntheticPerson person, SimulationWindow window)
    {
        var orientedOnce = false;
        foreach (var e in person.Events)
        {
            switch (e.Event)
            {
                case RsaEntered entered when person.Index >= Simulation.Layout.Stock:
                    var month = entered.KnownOn.ToYearMonth();
                    FirstEntriesByMonth[month] = FirstEntriesByMonth.GetValueOrDefault(month) + 1;
                    break;
                case RsaEntered entered when entered.KnownOn < window.FirstDay && e.RecordedAt < window.Start:
                    StockEntriesBeforeStart++;
                    break;
                case OrientationDecided decided:
                    if (!orientedOnce) FirstOrientationTracks[decided.Track] = FirstOrientationTracks.GetValueOrDefault(decided.Track) + 1;
                    orientedOnce = true;
                    break;
                case AppointmentOutcomeRecorded outcome when IsKiosk(person, outcome.AppointmentId):
                    KioskOutcomes++;
                    KioskNoShows += outcome.Outcome == AppointmentOutcome.NoShow ? 1 : 0;
                    break;
                case ContractSigned contract:
                    var organisation = Simulation.Organisations.All.Single(o => o.Id == contract.Organisation);
                    Contracts.Add((contract.Kind, contract.SignedOn, organisation.Track));
                    break;
            }
            if (e.RecordedBy.StartsWith("gsb-") || e.RecordedBy.StartsWith("ref-"))
            {
                StaffSteps++;
                if (e.RecordedAt.InZone(SimulationWindow.Paris).Date > e.Event.BusinessDate) StaffStepsRecordedLate++;
            }
        }
    }

    private static bool IsKiosk(SyntheticPerson person, Guid appointmentId) =>
        person.Events.Select(e => e.Event).OfType<AppointmentFixed>()
            .Any(a => a.AppointmentId == appointmentId && a.Kind == AppointmentKind.Orientation);
}
