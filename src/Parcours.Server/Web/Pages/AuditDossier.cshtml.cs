using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using Parcours.Application.Cases;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Projections.TimeTravel;
using Parcours.Server.Auth;
using Parcours.Server.Features.Cases;

namespace Parcours.Server.Web.Pages;

/// <summary>
/// A case for an auditor: every event with its business date and recorded instant, actor and correction links; the
/// hash chain recomputed from the stored rows; and the case replayed to a version, an instant or a business date (the
/// same replay as <c>GET …/as-of</c> and <c>parcours replay</c>).
/// </summary>
[Authorize(Policy = WebPolicies.Auditor)]
public sealed class AuditDossierModel(CaseReader reader, ReadModels models) : PageModel
{
    public Guid Id { get; private set; }

    public ProblemView? LoadProblem { get; private set; }

    public IReadOnlyList<CaseHistoryEntry> History { get; private set; } = [];

    public BrokenStream? Broken { get; private set; }

    public long? Version { get; private set; }

    public string? Instant { get; private set; }

    public string? Date { get; private set; }

    public string? PointError { get; private set; }

    /// <summary>What the replay was asked for, in words, when one was.</summary>
    public string? PointLabel { get; private set; }

    public PathwayState? State { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, long? version, string? instant, string? date)
    {
        Id = id;
        var (history, problem) = await reader.LoadAsync(HttpContext, User.Tenant()!.Value.Code, id);
        if (problem is not null)
        {
            LoadProblem = ProblemView.Of(problem);
            Response.StatusCode = LoadProblem?.Status ?? 404;
            return Page();
        }
        var tenant = User.Tenant()!.Value;
        History = CaseHistory.Of(history!);
        Broken = (await models.Store.VerifyAsync(tenant, new StreamId(id), HttpContext.RequestAborted)).BrokenStreams.FirstOrDefault();

        (Version, Instant, Date) = (version, string.IsNullOrWhiteSpace(instant) ? null : instant.Trim(), string.IsNullOrWhiteSpace(date) ? null : date.Trim());
        var given = new[] { Version is not null, Instant is not null, Date is not null }.Count(g => g);
        if (given == 0) return Page();
        if (given > 1)
        {
            PointError = "Indiquez un seul point : une version, un instant ou une date.";
            return Page();
        }
        CasePoint? point = null;
        if (Version is { } v)
        {
            if (v < 0) PointError = "La version ne peut pas être négative.";
            else (point, PointLabel) = (new CasePoint.AtVersion(v), $"après ses {v} premier(s) événement(s) (version {v})");
        }
        else if (Instant is not null)
        {
            var parsed = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(Instant);
            if (!parsed.Success) PointError = $"« {Instant} » n'est pas un instant valide : format attendu AAAA-MM-JJTHH:MM (heure de Paris).";
            else (point, PointLabel) = (new CasePoint.RecordedAt(parsed.Value.InZoneLeniently(ParisCalendar.Zone).ToInstant()),
                $"tel qu'il était enregistré le {parsed.Value.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)} (heure de Paris)");
        }
        else
        {
            var parsed = LocalDatePattern.Iso.Parse(DateInput.Normalize(Date) ?? "");
            if (!parsed.Success) PointError = $"« {Date} » n'est pas une date valide : format attendu JJ/MM/AAAA ou AAAA-MM-JJ.";
            else (point, PointLabel) = (new CasePoint.OnBusinessDate(parsed.Value), $"au {Labels.Date(parsed.Value)}, tel qu'on le connaît aujourd'hui");
        }
        if (point is not null) State = await models.Cases.StateAsync(tenant, new Domain.Pathways.CaseId(id), point, HttpContext.RequestAborted);
        return Page();
    }

    public bool IsBroken(long version) => Broken is { } b && version >= b.FirstBadVersion;
}
