using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Parcours.Server.Auth;
using Parcours.Server.Features.Cases.Recording;

namespace Parcours.Server.Web.Pages;

/// <summary>
/// Creating a case (its entry into the RSA), as the API's <c>POST /cases</c>: the same <see cref="CaseRecorder"/> and
/// request body, the server drawing the id. The form carries an idempotency key drawn when it is shown, so sending it
/// twice (a double click, a reload) creates one case.
/// </summary>
[Authorize(Policy = WebPolicies.Manager)]
public sealed class NouveauModel(CaseRecorder recorder) : PageModel
{
    public string Key { get; private set; } = "";

    public ProblemView? Problem { get; private set; }

    public IReadOnlyList<string> Territories { get; private set; } = [];

    public void OnGet()
    {
        Key = "creation-" + Guid.NewGuid();
        Territories = [.. User.Territories().Order(StringComparer.Ordinal)];
    }

    public async Task<IActionResult> OnPostAsync(string? cle)
    {
        Key = string.IsNullOrWhiteSpace(cle) ? "creation-" + Guid.NewGuid() : cle.Trim();
        Territories = [.. User.Territories().Order(StringComparer.Ordinal)];
        Request.Headers[CaseRecorder.IdempotencyKeyHeader] = Key;
        var result = await recorder.RecordAsync(HttpContext, User.Tenant()!.Value.Code, null, creating: true,
            (_, fields) => StepForm.Entry.Read(Request.Form).ToCommand(fields));
        if (result is IValueHttpResult { Value: RecordedResponse created }) return Redirect($"/dossiers/{created.CaseId}?enregistre=creation");
        Problem = ProblemView.Of(result) ?? new ProblemView(500, "", "Le dossier n'a pas pu être créé.", [], null);
        Response.StatusCode = Problem.Status;
        return Page();
    }

    public string? Value(string field) => Problem is not null && Request.Form.TryGetValue(field, out var v) ? v.ToString() : null;
}
