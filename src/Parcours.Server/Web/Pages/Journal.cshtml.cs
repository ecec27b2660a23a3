using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.Server.Auth;

namespace Parcours.Server.Web.Pages;

/// <summary>
/// The identity store's append-only access log for auditors (as the API's <c>GET /access-log</c>): who read or erased
/// which case's identity, when, why, and whether there was one; filtered by case, actor and days (Paris time).
/// </summary>
[Authorize(Policy = WebPolicies.Auditor)]
public sealed class JournalModel(PostgresIdentityStore identities) : PageModel
{
    /// <summary>The most lines a page shows (the oldest first, as the store reads them).</summary>
    public const int Limit = 500;

    public string? Dossier { get; private set; }

    public string? Auteur { get; private set; }

    public string? Du { get; private set; }

    public string? Au { get; private set; }

    public Dictionary<string, string> Errors { get; } = [];

    public IReadOnlyList<IdentityAccessEntry>? Entries { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? dossier, string? auteur, string? du, string? au)
    {
        (Dossier, Auteur, Du, Au) = (dossier?.Trim(), auteur?.Trim(), du?.Trim(), au?.Trim());
        Guid? caseId = null;
        if (!string.IsNullOrEmpty(Dossier))
        {
            if (Guid.TryParse(Dossier, out var id)) caseId = id;
            else Errors["dossier"] = $"« {Dossier} » n'est pas un identifiant de dossier : il a la forme 0196c2a4-7f1e-7b21-9a55-3f2b8c1d4e6f.";
        }
        var from = Day("du", Du);
        var to = Day("au", Au);
        if (from is { } f && to is { } t && t < f) Errors["au"] = "La date de fin précède la date de début.";
        if (Errors.Count > 0)
        {
            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
            return Page();
        }
        Entries = await identities.AccessLogAsync(User.Tenant()!.Value.Code, new IdentityAccessFilter(
            caseId is { } c ? new CaseId(c) : null, string.IsNullOrEmpty(Auteur) ? null : Auteur, null,
            from?.AtStartOfDayInZone(ParisCalendar.Zone).ToInstant(),
            to?.PlusDays(1).AtStartOfDayInZone(ParisCalendar.Zone).ToInstant(), Limit), HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>A day typed as the date input sends it (AAAA-MM-JJ) or the French way (JJ/MM/AAAA).</summary>
    private LocalDate? Day(string field, string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var parsed = LocalDatePattern.Iso.Parse(DateInput.Normalize(text)!);
        if (parsed.Success) return parsed.Value;
        Errors[field] = $"« {text} » n'est pas une date (JJ/MM/AAAA).";
        return null;
    }

    public static string Action(IdentityAccessAction action) => action switch
    {
        IdentityAccessAction.Read => "Lecture",
        IdentityAccessAction.Erase => "Effacement",
        _ => action.ToString(),
    };
}
