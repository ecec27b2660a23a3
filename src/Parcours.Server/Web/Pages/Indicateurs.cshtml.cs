using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using Parcours.Application.Reporting.Exports;
using Parcours.Domain.Pathways;
using Parcours.Projections;
using Parcours.Projections.Indicators;
using Parcours.Server.Auth;

namespace Parcours.Server.Web.Pages;

/// <summary>
/// The insertion service's month: the CALPAE 2019 table and the 2025 table side by side, as the same report query and
/// exporters as <c>parcours report</c> build them; CSV and XLSX downloads of exactly what is shown.
/// </summary>
[Authorize(Policy = WebPolicies.InsertionService)]
public sealed class IndicateursModel(MonthlyReportQuery query, ReadModels models, IClock clock) : PageModel
{
    public static IReadOnlyList<DefinitionSet> Sets { get; } = [DefinitionSet.Calpae2019, DefinitionSet.PleinEmploi2025];

    public YearMonth Month { get; private set; }

    public string? Error { get; private set; }

    public IndicatorReport? Report { get; private set; }

    public ProjectionLag? Lag { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? mois)
    {
        if (!TryMonth(mois, out var month)) return Page();
        Month = month;
        var tenant = User.Tenant()!.Value;
        Report = await query.BuildAsync(tenant, month, Sets, null, clock.GetCurrentInstant(), HttpContext.RequestAborted);
        Lag = await models.Daemon.LagAsync(tenant, HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>The month's report as a file: <c>format=csv</c> or <c>format=xlsx</c>.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? mois, string? format)
    {
        if (!TryMonth(mois, out var month) || format is not ("csv" or "xlsx"))
        {
            Error ??= "Format inconnu : choisissez CSV ou XLSX.";
            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
            return Page();
        }
        var tenant = User.Tenant()!.Value;
        var report = await query.BuildAsync(tenant, month, Sets, null, clock.GetCurrentInstant(), HttpContext.RequestAborted);
        var name = $"indicateurs-{tenant.Code}-{Labels.MonthIso(month)}";
        return format == "csv"
            ? File(IndicatorCsv.Write(report), "text/csv; charset=utf-8", name + ".csv")
            : File(IndicatorXlsx.Write(report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
    }

    /// <summary>The month asked for (AAAA-MM), by default the last finished month.</summary>
    private bool TryMonth(string? text, out YearMonth month)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            var today = ParisCalendar.Today(clock);
            month = new YearMonth(today.Year, today.Month).PlusMonths(-1);
            Month = month;
            return true;
        }
        var parsed = YearMonthPattern.Iso.Parse(text.Trim());
        month = parsed.Success ? parsed.Value : default;
        if (!parsed.Success) Error = $"« {text} » n'est pas un mois valide : format attendu AAAA-MM (par exemple 2025-03).";
        return parsed.Success;
    }
}
