using System.Globalization;
using System.Net;
using System.Text;

namespace Parcours.Server.Web;

/// <summary>One point of a trend: its label on the x axis, its value (null: not computable) and whether it is provisional.</summary>
public sealed record ChartPoint(string Label, decimal? Value, bool Provisional);

/// <summary>
/// A line chart drawn on the server as SVG (no script). Provisional points are hollow squares and final ones filled
/// discs, so the difference does not rest on colour; the chart has a title and a description, and the page follows it
/// with the same figures as a table.
/// </summary>
public static class SvgChart
{
    private const int Width = 760, Height = 300, Left = 56, Right = 16, Top = 16, Bottom = 48;

    public static string Line(string id, string title, string description, string unit, IReadOnlyList<ChartPoint> points)
    {
        var values = points.Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
        var max = values.Count == 0 ? 1m : Math.Max(values.Max(), 0m);
        var top = 4 * NiceCeiling(max / 4);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int i) => Left + (points.Count <= 1 ? plotWidth / 2.0 : plotWidth * i / (double)(points.Count - 1));
        double Y(decimal v) => Top + plotHeight * (1 - (double)(v / top));
        string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-titre {id}-desc" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-titre">{E(title)}</title><desc id="{id}-desc">{E(description)}</desc>""");
        for (var k = 0; k <= 4; k++)
        {
            var v = top * k / 4;
            var y = F(Y(v));
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{y}" x2="{Width - Right}" y2="{y}" stroke="#c8c8c8" stroke-width="1"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{y}" font-size="12" text-anchor="end" dominant-baseline="middle" fill="#1a1a1a">{E(Labels.Number(v, v == Math.Round(v) ? 0 : 1))}{E(unit)}</text>""");
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Top + plotHeight}" x2="{Width - Right}" y2="{Top + plotHeight}" stroke="#1a1a1a" stroke-width="1.5"/>""");
        var step = Math.Max(1, (int)Math.Ceiling(points.Count / 12.0));
        for (var i = 0; i < points.Count; i += step)
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(X(i))}" y="{Height - Bottom + 18}" font-size="11" text-anchor="middle" fill="#1a1a1a">{E(points[i].Label)}</text>""");

        var path = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Value is not { } v) continue;
            path.Append(path.Length == 0 ? "M" : " L").Append(F(X(i))).Append(' ').Append(F(Y(v)));
        }
        if (path.Length > 0) svg.Append(CultureInfo.InvariantCulture, $"""<path d="{path}" fill="none" stroke="#1f4e79" stroke-width="2.5"/>""");
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Value is not { } v) continue;
            var (x, y) = (X(i), Y(v));
            svg.Append(points[i].Provisional
                ? $"""<rect x="{F(x - 5)}" y="{F(y - 5)}" width="10" height="10" fill="#ffffff" stroke="#1f4e79" stroke-width="2"/>"""
                : $"""<circle cx="{F(x)}" cy="{F(y)}" r="5" fill="#1f4e79"/>""");
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="{Height - 8}" font-size="12" fill="#1a1a1a">● définitif   □ provisoire *</text>""");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static decimal NiceCeiling(decimal max)
    {
        if (max <= 0) return 0.25m;
        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)max)));
        foreach (var m in new[] { 1m, 2m, 2.5m, 5m, 10m })
            if (m * magnitude >= max) return m * magnitude;
        return 10 * magnitude;
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
