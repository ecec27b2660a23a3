using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Parcours.Application.Cases;
using Parcours.Domain.Pathways;
using Parcours.Projections;
using Parcours.Projections.CaseSummaries;
using Parcours.Server.Auth;
using Parcours.Server.Features.Cases;
using Parcours.Server.Features.Cases.Recording;

namespace Parcours.Server.Web.Pages;

/// <summary>
/// A case for its manager: summary, the pathway as a timeline, and a form for each next step. A step is recorded by the
/// same <see cref="CaseRecorder"/> as the API, with the version the page was read at as its If-Match: if someone else
/// changed the case meanwhile, nothing is recorded and the page says so.
/// </summary>
[Authorize(Policy = WebPolicies.Manager)]
public sealed class DossierModel(CaseReader reader, CaseRecorder recorder, ReadModels models, NodaTime.IClock clock) : PageModel
{
    public Guid Id { get; private set; }

    public CaseSummary? Summary { get; private set; }

    public PathwayState? State { get; private set; }

    public IReadOnlyList<CaseHistoryEntry> Timeline { get; private set; } = [];

    public IReadOnlyList<StepForm> Forms { get; private set; } = [];

    public ProblemView? LoadProblem { get; private set; }

    /// <summary>The problem of the step just sent, shown with its form.</summary>
    public ProblemView? StepProblem { get; private set; }

    public string? PostedStep { get; private set; }

    public IFormCollection? Posted { get; private set; }

    public string? Recorded { get; private set; }

    public NodaTime.LocalDate Today => ParisCalendar.Today(clock);

    public async Task<IActionResult> OnGetAsync(Guid id, string? enregistre)
    {
        Id = id;
        Recorded = enregistre switch
        {
            "correction" => "Correction enregistrée",
            "retrait" => "Retrait enregistré",
            "creation" => "Dossier créé",
            "inchange" => "Aucun changement : l'étape était déjà telle que saisie",
            _ => StepForm.Find(enregistre)?.Title is { } title ? "Étape enregistrée : " + title : null,
        };
        return await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? etape, long? version)
    {
        Id = id;
        var form = StepForm.Find(etape);
        if (form is null) return BadRequest();
        // The version the page showed: the recorder refuses the step (412) if the case has moved since.
        if (version is { } v) Request.Headers.IfMatch = CaseVersions.ETag(v);
        var result = await recorder.RecordAsync(HttpContext, Dep, new CaseId(id), creating: false,
            (_, fields) => form.Read(Request.Form).ToCommand(fields));
        var problem = ProblemView.Of(result);
        if (problem is null) return Redirect($"/dossiers/{id}?enregistre={form.Key}");
        StepProblem = problem;
        PostedStep = form.Key;
        Posted = Request.Form;
        var page = await LoadAsync();
        Response.StatusCode = problem.Status;
        return page;
    }

    private string Dep => User.Tenant()!.Value.Code;

    private async Task<IActionResult> LoadAsync()
    {
        var (history, problem) = await reader.LoadAsync(HttpContext, Dep, Id);
        if (problem is not null)
        {
            LoadProblem = ProblemView.Of(problem);
            Response.StatusCode = LoadProblem?.Status ?? StatusCodes.Status404NotFound;
            return Page();
        }
        Summary = CaseSummary.From(new CaseId(Id), Dep, history!, models.Catalogue.Definitions);
        State = PathwayState.From(history!);
        Timeline = CaseHistory.Of(history!);
        Forms = StepForm.For(State.Phase);
        return Page();
    }

    /// <summary>Whether a timeline entry is a step still in force, which a correction or a retraction may target.</summary>
    public static bool Correctable(CaseHistoryEntry entry) =>
        entry.Event is IPathwayStep && entry.RetractedBy is null && StepForm.ForEvent(entry.Event) is not null;

    /// <summary>The value to show in a field: what was just sent with this form, else nothing.</summary>
    public string? Value(StepForm form, string field) =>
        PostedStep == form.Key && Posted is not null && Posted.TryGetValue(field, out var v) ? v.ToString() : null;

    /// <summary>The appointments of the current episode still without an outcome, for the outcome form.</summary>
    public IReadOnlyList<(string Value, string Label)> OpenAppointments() =>
        State?.CurrentEpisode is { } episode
            ? [.. episode.Appointments.Values.Where(a => a.Result is null).OrderBy(a => a.ScheduledFor)
                .Select(a => (a.Id.ToString(), $"{Labels.Of(a.Kind)} du {Labels.Date(a.ScheduledFor)} ({a.Organisation})"))]
            : [];
}
