using Microsoft.AspNetCore.Http;
using Parcours.Domain.Pathways;
using Parcours.Server.Features.Cases.Recording;

namespace Parcours.Server.Web;

/// <summary>One input of a step form: its name is the API's field name, so the API's field errors land next to it.</summary>
public sealed record FormField(string Name, string Label, string Kind, bool Required, IReadOnlyList<(string Value, string Label)>? Options = null, string? Hint = null)
{
    public const string DateKind = "date";
    public const string TextKind = "text";
    public const string SelectKind = "select";
    public const string YesNoKind = "yesno";
}

/// <summary>
/// A form for one step of the pathway: the API route it stands for (its key), its French title, its fields, and how
/// its values become the same request body the API reads (<see cref="IStepRequest"/>), so the server's own parsing and
/// the domain's rules judge it.
/// </summary>
public sealed record StepForm(string Key, string Title, IReadOnlyList<FormField> Fields, Func<IFormCollection, IStepRequest> Read)
{
    private static FormField Date(string name, string label, bool required = true) => new(name, label, FormField.DateKind, required);

    private static FormField Text(string name, string label, bool required = true) => new(name, label, FormField.TextKind, required);

    private static FormField Choice<T>(string name, string label, Func<T, string> text, bool required = true) where T : struct, Enum =>
        new(name, label, FormField.SelectKind, required, [.. Enum.GetValues<T>().Select(v => (v.ToString(), text(v)))]);

    private static string? V(IFormCollection form, string name) => form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;

    private static bool? YesNo(IFormCollection form, string name) => V(form, name) switch { "true" => true, "false" => false, _ => null };

    private static Guid? Guid(IFormCollection form, string name) => System.Guid.TryParse(V(form, name), out var id) ? id : null;

    /// <summary>Creating a case: its entry into the RSA (the API's <c>POST /cases</c>). The source is kept when an entry is corrected.</summary>
    public static StepForm Entry { get; } = new("entries", "Entrée dans le RSA",
        [
            Date("applicationDate", "Date de la demande de RSA"), Date("knownOn", "Date à laquelle le département l'a apprise"),
            new FormField("subjectToRightsAndDuties", "Soumis aux droits et devoirs", FormField.YesNoKind, true),
            Text("territory", "Territoire", required: false),
        ],
        f => new EntryRequest(null, DateInput.Normalize(V(f, "applicationDate")), DateInput.Normalize(V(f, "knownOn")),
            YesNo(f, "subjectToRightsAndDuties"), V(f, "source"), V(f, "territory")));

    public static IReadOnlyList<StepForm> All { get; } =
    [
        Entry,
        new("reentries", "Réentrée dans le RSA",
            [
                Date("applicationDate", "Date de la demande de RSA"), Date("knownOn", "Date à laquelle le département l'a apprise"),
                new FormField("subjectToRightsAndDuties", "Soumis aux droits et devoirs", FormField.YesNoKind, true),
                Text("territory", "Territoire", required: false), Choice<ReentryGround>("ground", "Motif de la réentrée", Labels.Of),
            ],
            f => new ReentryRequest(DateInput.Normalize(V(f, "applicationDate")), DateInput.Normalize(V(f, "knownOn")),
                YesNo(f, "subjectToRightsAndDuties"), V(f, "source"), V(f, "territory"), V(f, "ground"))),
        new("rights-and-duties", "Changement de soumission aux droits et devoirs",
            [Date("on", "Date du changement"), new FormField("subjectToRightsAndDuties", "Soumis aux droits et devoirs", FormField.YesNoKind, true)],
            f => new RightsAndDutiesRequest(DateInput.Normalize(V(f, "on")), YesNo(f, "subjectToRightsAndDuties"))),
        new("diagnostics", "Diagnostic réalisé",
            [Date("on", "Date du diagnostic"), Text("organisation", "Organisme", required: false)],
            f => new DiagnosticRequest(DateInput.Normalize(V(f, "on")), V(f, "organisation"))),
        new("orientations", "Décision d'orientation",
            [
                Date("decidedOn", "Date de la décision"), Date("notifiedOn", "Date de notification", required: false),
                Choice<Track>("track", "Parcours", Labels.Of), Text("organisation", "Organisme référent"),
                Text("referent", "Référent", required: false), Choice<OrientationChannel>("channel", "Mode de décision", Labels.Of),
            ],
            f => new OrientationRequest(DateInput.Normalize(V(f, "decidedOn")), DateInput.Normalize(V(f, "notifiedOn")), V(f, "track"),
                V(f, "organisation"), V(f, "referent"), V(f, "channel"))),
        new("orientation-notifications", "Notification de l'orientation",
            [Date("on", "Date de notification")],
            f => new NotificationRequest(DateInput.Normalize(V(f, "on")))),
        new("reorientations", "Décision de réorientation",
            [
                Date("decidedOn", "Date de la décision"), Date("notifiedOn", "Date de notification", required: false),
                Choice<Track>("track", "Parcours", Labels.Of), Text("organisation", "Organisme référent"),
                Text("referent", "Référent", required: false), Choice<OrientationChannel>("channel", "Mode de décision", Labels.Of),
                Text("reason", "Motif"),
            ],
            f => new ReorientationRequest(DateInput.Normalize(V(f, "decidedOn")), DateInput.Normalize(V(f, "notifiedOn")), V(f, "track"),
                V(f, "organisation"), V(f, "referent"), V(f, "channel"), V(f, "reason"))),
        new("appointments", "Rendez-vous fixé",
            [
                Choice<AppointmentKind>("kind", "Type de rendez-vous", Labels.Of), Date("fixedOn", "Date à laquelle il a été fixé"),
                Date("scheduledFor", "Date du rendez-vous"), Text("organisation", "Organisme"),
            ],
            f => new AppointmentRequest(Guid(f, "appointmentId") ?? System.Guid.NewGuid(), V(f, "kind"), DateInput.Normalize(V(f, "fixedOn")),
                DateInput.Normalize(V(f, "scheduledFor")), V(f, "organisation"))),
        new("appointment-outcomes", "Issue d'un rendez-vous",
            [
                new FormField("appointmentId", "Rendez-vous", FormField.SelectKind, true), Date("on", "Date de l'issue"),
                Choice<AppointmentOutcome>("outcome", "Issue", Labels.Of),
            ],
            f => new AppointmentOutcomeRequest(Guid(f, "appointmentId"), DateInput.Normalize(V(f, "on")), V(f, "outcome"))),
        new("contracts", "Signature d'un contrat",
            [
                Choice<ContractKind>("kind", "Type de contrat", Labels.Of), Date("signedOn", "Date de signature"),
                Date("validUntil", "Valable jusqu'au", required: false), Text("organisation", "Organisme"),
            ],
            f => new ContractRequest(V(f, "kind"), DateInput.Normalize(V(f, "signedOn")), DateInput.Normalize(V(f, "validUntil")), V(f, "organisation"))),
        new("suspensions", "Suspension du droit",
            [Date("on", "Date de suspension"), Text("reason", "Motif", required: false)],
            f => new SuspensionRequest(DateInput.Normalize(V(f, "on")), V(f, "reason"))),
        new("resumptions", "Reprise du droit",
            [Date("on", "Date de reprise")],
            f => new ResumptionRequest(DateInput.Normalize(V(f, "on")))),
        new("accompaniment-exits", "Sortie de l'accompagnement",
            [Date("on", "Date de sortie"), Text("reason", "Motif"), new FormField("positive", "Sortie positive", FormField.YesNoKind, true)],
            f => new AccompanimentExitRequest(DateInput.Normalize(V(f, "on")), V(f, "reason"), YesNo(f, "positive"))),
        new("rsa-exits", "Sortie du RSA",
            [Date("on", "Date de fin de droit"), Text("cafClosureReason", "Motif de clôture CAF", required: false)],
            f => new RsaExitRequest(DateInput.Normalize(V(f, "on")), V(f, "cafClosureReason"))),
    ];

    public static StepForm? Find(string? key) => All.FirstOrDefault(s => s.Key == key);

    /// <summary>The form of the step an event records (what a correction of it carries), by the API's request type.</summary>
    public static StepForm? ForEvent(IPathwayEvent recorded) =>
        StepEndpoints.RequestByEvent.TryGetValue(recorded.GetType(), out var requestType) ? ByRequestType.Value.GetValueOrDefault(requestType) : null;

    /// <summary>Each form by the API request type it builds (read from an empty form).</summary>
    private static readonly Lazy<Dictionary<Type, StepForm>> ByRequestType =
        new(() => All.ToDictionary(f => f.Read(new FormCollection([])).GetType()));

    /// <summary>The forms worth offering in a phase (the domain still judges any step sent).</summary>
    public static IReadOnlyList<StepForm> For(PathwayPhase phase) => phase switch
    {
        PathwayPhase.AwaitingOrientation => Keys("orientations", "diagnostics", "appointments", "appointment-outcomes", "suspensions", "rsa-exits"),
        PathwayPhase.Oriented => Keys("appointments", "appointment-outcomes", "contracts", "orientation-notifications", "reorientations", "suspensions", "rsa-exits"),
        PathwayPhase.InAccompaniment => Keys("appointments", "appointment-outcomes", "contracts", "reorientations", "accompaniment-exits", "suspensions", "rsa-exits"),
        PathwayPhase.Suspended => Keys("resumptions", "rsa-exits"),
        _ => [],
    };

    private static StepForm[] Keys(params string[] keys) => [.. keys.Select(k => Find(k)!)];
}

/// <summary>Dates typed the French way (31/03/2025) become the API's ISO text; anything else is passed on for the API to name.</summary>
public static class DateInput
{
    public static string? Normalize(string? text)
    {
        if (text is null) return null;
        var parsed = NodaTime.Text.LocalDatePattern.CreateWithInvariantCulture("dd/MM/yyyy").Parse(text.Trim());
        return parsed.Success ? Labels.Iso(parsed.Value) : text;
    }
}
