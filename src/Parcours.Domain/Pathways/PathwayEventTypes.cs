namespace Parcours.Domain.Pathways;

/// <summary>
/// The stable name of every pathway event type: the name the event store records, and the discriminator of a
/// correction's replacement step in JSON. Names are decoupled from CLR names so that code can be renamed
/// without touching stored events; a name, once used, is never reused for another meaning.
/// </summary>
public static class PathwayEventTypes
{
    /// <summary>The stream type of a person's pathway in the event store.</summary>
    public const string StreamType = "pathway";

    public static IReadOnlyList<(Type Type, string Name)> All { get; } =
    [
        (typeof(RsaEntered), "rsa-entered"),
        (typeof(RsaReentered), "rsa-reentered"),
        (typeof(RightsAndDutiesChanged), "rights-and-duties-changed"),
        (typeof(RightSuspended), "right-suspended"),
        (typeof(RightResumed), "right-resumed"),
        (typeof(DiagnosticCompleted), "diagnostic-completed"),
        (typeof(OrientationDecided), "orientation-decided"),
        (typeof(OrientationNotified), "orientation-notified"),
        (typeof(ReorientationDecided), "reorientation-decided"),
        (typeof(AppointmentFixed), "appointment-fixed"),
        (typeof(AppointmentOutcomeRecorded), "appointment-outcome-recorded"),
        (typeof(ContractSigned), "contract-signed"),
        (typeof(AccompanimentExited), "accompaniment-exited"),
        (typeof(RsaExited), "rsa-exited"),
        (typeof(StepCorrected), "step-corrected"),
        (typeof(StepRetracted), "step-retracted"),
    ];

    private static readonly Dictionary<Type, string> NameByType = All.ToDictionary(e => e.Type, e => e.Name);

    public static string NameOf(Type type) =>
        NameByType.TryGetValue(type, out var name)
            ? name
            : throw new ArgumentException($"{type.Name} is not a pathway event type.", nameof(type));
}
