using NodaTime;
using Parcours.EventStore.Serialization;

namespace Parcours.EventStore.Tests.Support;

/// <summary>Domain-free events for store tests: the store must not care what they mean.</summary>
public sealed record CaseOpened(LocalDate On, string Territory);

public sealed record StepNoted(LocalDate On, string Note);

public sealed record NotRegistered(string Anything);

public static class TestEvents
{
    public const string StreamType = "test-case";

    public static void RegisterAll(EventTypeRegistry types) =>
        types.Register<CaseOpened>("case-opened").Register<StepNoted>("step-noted");

    public static StepNoted Note(string note, int day = 1) => new(new LocalDate(2025, 1, day), note);

    public static IReadOnlyList<object> Notes(params string[] notes) => notes.Select(n => (object)Note(n)).ToList();
}
