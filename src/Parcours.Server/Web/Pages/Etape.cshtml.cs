using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Parcours.Application.Cases;
using Parcours.Domain.Pathways;
using Parcours.Server.Auth;
using Parcours.Server.Features.Cases;
using Parcours.Server.Features.Cases.Recording;

namespace Parcours.Server.Web.Pages;

/// <summary>
/// Correcting or retracting one recorded step (managers): the step's own form, filled with the step as it stands (its
/// latest correction, if any), and a stated reason. Both go through the same <see cref="CaseRecorder"/> as the API's
/// corrections and retractions, with the version the page was read at as If-Match, so the domain's rules judge them and
/// a change made meanwhile by someone else is refused and said.
/// </summary>
[Authorize(Policy = WebPolicies.Manager)]
public sealed class EtapeModel(CaseReader reader, CaseRecorder recorder, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : PageModel
{
    public const string CorrectionReason = "motifCorrection";
    public const string RetractionReason = "motifRetrait";

    public Guid Id { get; private set; }

    public long Version { get; private set; }

    public long CaseVersion { get; private set; }

    public CaseHistoryEntry? Entry { get; private set; }

    public StepForm? Form { get; private set; }

    public IReadOnlyList<(string Value, string Label)> Appointments { get; private set; } = [];

    public ProblemView? LoadProblem { get; private set; }

    public ProblemView? Problem { get; private set; }

    /// <summary>Which form the problem belongs to: "correction" or "retrait".</summary>
    public string? Posted { get; private set; }

    /// <summary>The step's values as they stand, by the API's field names, for the form; hidden values the form does not show.</summary>
    public IReadOnlyDictionary<string, string> Current { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Hidden { get; private set; } = new Dictionary<string, string>();

    public Task<IActionResult> OnGetAsync(Guid id, long version) => LoadAsync(id, version);

    public Task<IActionResult> OnPostCorrigerAsync(Guid id, long version, long? dossierVersion) =>
        RecordAsync(id, version, dossierVersion, "correction", (state, fields) =>
        {
            var original = state.History.FirstOrDefault(e => e.Version == version)?.Event;
            var replacement = original is null ? null : StepForm.ForEvent(original)?.Read(Request.Form).ToCommand(fields).ToStep();
            // Not a step with a form (unknown version, a correction...): the decider names the problem, as for the API.
            return new CorrectStep(version, replacement!, Reason(CorrectionReason));
        });

    public Task<IActionResult> OnPostRetirerAsync(Guid id, long version, long? dossierVersion) =>
        RecordAsync(id, version, dossierVersion, "retrait", (_, _) => new RetractStep(version, Reason(RetractionReason)));

    private string Reason(string field) => Request.Form.TryGetValue(field, out var v) ? v.ToString().Trim() : "";

    private async Task<IActionResult> RecordAsync(Guid id, long version, long? dossierVersion, string kind, CaseRecorder.CommandBuilder build)
    {
        // The version the page showed: the recorder refuses (412) if the case has moved since.
        if (dossierVersion is { } v) Request.Headers.IfMatch = CaseVersions.ETag(v);
        var result = await recorder.RecordAsync(HttpContext, Dep, new CaseId(id), creating: false, build);
        var problem = ProblemView.Of(result);
        if (problem is null)
            return Redirect($"/dossiers/{id}?enregistre={(result is IValueHttpResult { Value: RecordedResponse { RecordedVersions.Count: 0 } } ? "inchange" : kind)}");
        Problem = problem;
        Posted = kind;
        var page = await LoadAsync(id, version);
        Response.StatusCode = problem.Status;
        return page;
    }

    private string Dep => User.Tenant()!.Value.Code;

    private async Task<IActionResult> LoadAsync(Guid id, long version)
    {
        Id = id;
        Version = version;
        var (history, problem) = await reader.LoadAsync(HttpContext, Dep, id);
        if (problem is not null)
        {
            LoadProblem = ProblemView.Of(problem);
            Response.StatusCode = LoadProblem?.Status ?? StatusCodes.Status404NotFound;
            return Page();
        }
        var timeline = CaseHistory.Of(history!);
        CaseVersion = history!.Count;
        Entry = timeline.FirstOrDefault(e => e.Version == version);
        if (Entry is null || !DossierModel.Correctable(Entry))
        {
            LoadProblem = new ProblemView(StatusCodes.Status404NotFound, "step.not-correctable",
                $"La version {version} de ce dossier n'est pas une étape en vigueur : elle ne peut être ni corrigée ni retirée.", [], null);
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Form = StepForm.ForEvent(Entry.Event);
        // The step as it stands: its latest correction, else itself.
        var standing = Entry.CorrectedBy.Count > 0
            ? ((StepCorrected)timeline.Single(e => e.Version == Entry.CorrectedBy.Max()).Event).Replacement
            : Entry.Event;
        var values = new Dictionary<string, string>();
        foreach (var property in JsonSerializer.SerializeToElement(standing, standing.GetType(), json.Value.SerializerOptions).EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null) continue;
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText(),
            };
        }
        Current = values;
        Hidden = values.Where(kv => Form!.Fields.All(f => f.Name != kv.Key)).ToDictionary();
        var state = PathwayState.From(history);
        Appointments = [.. state.Episodes.SelectMany(e => e.Appointments.Values).OrderBy(a => a.ScheduledFor)
            .Select(a => (a.Id.ToString(), $"{Labels.Of(a.Kind)} du {Labels.Date(a.ScheduledFor)} ({a.Organisation})"))];
        return Page();
    }

    /// <summary>The value to show in a field of the correction form: what was just sent, else the step as it stands.</summary>
    public string? Value(string field) =>
        Posted == "correction" && Request.HasFormContentType && Request.Form.TryGetValue(field, out var v) ? v.ToString()
        : Current.GetValueOrDefault(field);
}
