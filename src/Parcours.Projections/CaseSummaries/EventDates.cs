using System.Collections.Concurrent;
using System.Reflection;
using NodaTime;
using Parcours.Domain.Pathways;

namespace Parcours.Projections.CaseSummaries;

/// <summary>
/// Every calendar date an event carries (its business date and any other: application date, notification date,
/// validity, the dates of a correction's replacement step). Any cohort month a case can ever fall in is the month of
/// one of these dates, which is what time travel relies on to find the cases a past report counted.
/// </summary>
public static class EventDates
{
    private static readonly ConcurrentDictionary<Type, Func<object, IEnumerable<LocalDate>>> Readers = new();

    public static IEnumerable<LocalDate> Of(IPathwayEvent pathwayEvent) => Readers.GetOrAdd(pathwayEvent.GetType(), Compile)(pathwayEvent);

    private static Func<object, IEnumerable<LocalDate>> Compile(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        var dates = properties.Where(p => p.PropertyType == typeof(LocalDate) || p.PropertyType == typeof(LocalDate?)).ToList();
        var nested = properties.Where(p => typeof(IPathwayEvent).IsAssignableFrom(p.PropertyType)).ToList();
        return value => Read(value, dates, nested);
    }

    private static IEnumerable<LocalDate> Read(object value, List<PropertyInfo> dates, List<PropertyInfo> nested)
    {
        foreach (var property in dates)
            if (property.GetValue(value) is LocalDate date) yield return date;
        foreach (var property in nested)
            if (property.GetValue(value) is IPathwayEvent inner)
                foreach (var date in Of(inner)) yield return date;
    }
}
