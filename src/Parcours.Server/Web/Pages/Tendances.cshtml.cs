using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Pathways;
using Parcours.Projections;
using Parcours.Server.Auth;

namespace Parcours.Server.Web.Pages;

/// <summary>
/// One indicator over 12 to 36 cohort months, read month by month from the indicator projection (the figures of the
/// monthly tables), drawn as an SVG line and listed in a table.
/// </summary>
[Authorize(Policy = WebPolicies.InsertionService)]
public sealed class TendancesModel(ReadModels models, IClock clock) : PageModel
{
    public static IReadOnlyList<int> Durations { get; } = [12, 24, 36];

    public IReadOnlyList<IndicatorDefinition> Definitions => models.Catalogue.Definitions;

    public IndicatorDefinition? Definition { get; private set; }

    public YearMonth Last { get; private set; }

    public int Duration { get; private set; } = 12;

    /// <summary>What is drawn: the rate, else the mean delay, else the count.</summary>
    public string Measure { get; private set; } = "";

    public string Unit { get; private set; } = "";

    public bool IsCount => Measure == "Nombre";

    public IReadOnlyList<(YearMonth Month, CohortFigures Figures, decimal? Value)> Rows { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? definition, string? jusqua, int? duree)
    {
        var today = ParisCalendar.Today(clock);
        Last = new YearMonth(today.Year, today.Month).PlusMonths(-1);
        if (!string.IsNullOrWhiteSpace(jusqua))
        {
            var parsed = YearMonthPattern.Iso.Parse(jusqua.Trim());
            if (parsed.Success) Last = parsed.Value;
            else Error = $"« {jusqua} » n'est pas un mois valide : format attendu AAAA-MM.";
        }
        Duration = duree is { } d && Durations.Contains(d) ? d : 12;
        Definition = Definitions.FirstOrDefault(x => x.Id == definition) ?? Definitions[0];
        if (Error is not null) return Page();

        (Measure, Unit) = Definition.Statistics.HasFlag(Statistics.Rate) ? ("Taux", " %")
            : Definition.Statistics.HasFlag(Statistics.MeanDelay) ? ("Délai moyen (jours)", " j")
            : ("Nombre", "");
        var tenant = User.Tenant()!.Value;
        var rows = new List<(YearMonth, CohortFigures, decimal?)>();
        for (var month = Last.PlusMonths(1 - Duration); month <= Last; month = month.PlusMonths(1))
        {
            var figures = (await models.Reports.MonthAsync(tenant, [Definition], month, HttpContext.RequestAborted))[0].Figures;
            decimal? value = Measure switch
            {
                "Taux" => figures.Rate * 100,
                "Nombre" => figures.Numerator,
                _ => figures.MeanDelayDays,
            };
            rows.Add((month, figures, value is { } v ? Math.Round(v, 1) : null));
        }
        Rows = rows;
        return Page();
    }

    public string Chart() => SvgChart.Line("courbe", $"{Definition!.Label} : {Measure.ToLowerInvariant()} par mois de cohorte",
        $"{Measure} de {Labels.Month(Rows[0].Month)} à {Labels.Month(Rows[^1].Month)} ; le tableau qui suit donne les mêmes chiffres.",
        Unit, [.. Rows.Select(r => new ChartPoint(r.Month.ToString("MM/yy", System.Globalization.CultureInfo.InvariantCulture), r.Value, r.Figures.Provisional))]);
}
