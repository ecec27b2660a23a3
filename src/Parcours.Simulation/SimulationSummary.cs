using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Simulation;

/// <summary>
/// Counts over a stream of synthetic people, filled as they go by (<see cref="Add"/>), so it never needs the
/// whole population in memory: people, events, and events by type and by month of their business date.
/// </summary>
public sealed class SimulationSummary
{
    private readonly Dictionary<string, long> _byType = [];
    private readonly Dictionary<(string Type, YearMonth Month), long> _byTypeAndMonth = [];

    public long People { get; private set; }
    public long Events { get; private set; }

    public IReadOnlyDictionary<string, long> ByType => _byType;
    public IReadOnlyDictionary<(string Type, YearMonth Month), long> ByTypeAndMonth => _byTypeAndMonth;

    public static SimulationSummary Of(IEnumerable<SyntheticPerson> people)
    {
        var summary = new SimulationSummary();
        foreach (var person in people) summary.Add(person);
        return summary;
    }

    public void Add(SyntheticPerson person)
    {
        People++;
        foreach (var generated in person.Events)
        {
            Events++;
            var type = PathwayEventTypes.NameOf(generated.Event.GetType());
            _byType[type] = _byType.GetValueOrDefault(type) + 1;
            var key = (type, generated.Event.BusinessDate.ToYearMonth());
            _byTypeAndMonth[key] = _byTypeAndMonth.GetValueOrDefault(key) + 1;
        }
    }

    public long Count(string type) => _byType.GetValueOrDefault(type);

    public long Count(string type, YearMonth month) => _byTypeAndMonth.GetValueOrDefault((type, month));
}
