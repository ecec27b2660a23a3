using System.Text.Json;
using Microsoft.Playwright;

namespace Parcours.Web.Tests;

/// <summary>What every page must pass: axe-core (WCAG 2.1 A and AA rules) without a serious or critical violation; and its screenshot.</summary>
public static class PageChecks
{
    private static readonly string AxePath = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");

    public static async Task CheckAccessibilityAsync(this IPage page, string name)
    {
        File.Exists(AxePath).ShouldBeTrue($"axe-core is missing at {AxePath}: the test project's build fetches it with `npm pack axe-core`.");
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("fr");
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = AxePath });
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
              return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }));
            }
            """);
        var serious = result.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} at {v.GetProperty("nodes")}")
            .ToList();
        serious.ShouldBeEmpty($"Accessibility violations on {name} ({page.Url}):\n{string.Join("\n", serious)}");
    }

    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebFixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Checks the page, then saves its screenshot.</summary>
    public static async Task CheckAndShootAsync(this IPage page, string name)
    {
        await page.CheckAccessibilityAsync(name);
        await page.ScreenshotAsync(name);
    }
}
