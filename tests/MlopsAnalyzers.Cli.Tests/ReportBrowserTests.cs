using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace MlopsAnalyzers.Cli.Tests;

/// <summary>
/// <c>mlops report</c>'s page opened in headless Chromium: it renders the sections, tables and chart points the data
/// calls for, loads nothing from anywhere, logs no console error, and gives a screenshot (kept in the test output's
/// browser-artifacts folder for people to look at).
/// </summary>
[Trait("Category", "Browser")]
public sealed class ReportBrowserTests
{
    private const string Probe = @"JSON.stringify({
  title: document.title,
  resources: performance.getEntriesByType('resource').map(r => r.name),
  models: [...document.querySelectorAll('section.model')].map(s => ({
    name: s.dataset.name,
    rows: s.querySelectorAll('tbody tr').length,
    charts: [...s.querySelectorAll('svg.chart')].map(c => ({
      metric: c.dataset.metric,
      width: c.getBoundingClientRect().width,
      aliases: [...c.querySelectorAll('.alias-label')].map(t => t.textContent),
      points: [...c.querySelectorAll('circle.point')].map(p => {
        const r = p.getBoundingClientRect();
        return { key: +p.dataset.version, value: +p.dataset.value, cx: +p.getAttribute('cx'), cy: +p.getAttribute('cy'), w: r.width, visible: getComputedStyle(p).visibility === 'visible' && r.width > 0, fill: getComputedStyle(p).fill };
      })
    }))
  })),
  experiments: [...document.querySelectorAll('section.experiment')].map(s => ({
    name: s.dataset.name,
    rows: s.querySelectorAll('tbody tr').length,
    failedRows: s.querySelectorAll('tbody tr.failed').length,
    charts: [...s.querySelectorAll('svg.chart')].map(c => ({
      metric: c.dataset.metric,
      points: [...c.querySelectorAll('circle.point')].map(p => ({ key: +p.dataset.run, value: +p.dataset.value, cx: +p.getAttribute('cx'), cy: +p.getAttribute('cy'), failed: p.classList.contains('failed'), w: p.getBoundingClientRect().width }))
    }))
  }))
})";

    [BrowserFact]
    public async Task TheReportRendersInChromiumWithAChartPointPerVersionAndRunAndNoConsoleError()
    {
        using var w = new Workspace();
        Seed.Fill(w);
        var result = w.Run("report", "-o", "report.html", "--title", "Pricing models");
        Assert.True(result.ExitCode == 0, result.ToString());

        await using var browser = await Chromium.StartAsync(1280, 1000);

        // The error capture works: a page that logs an error and throws is caught, so an empty list below means something.
        await browser.NavigateAsync("data:text/html,<script>console.error('probe-error'); throw new Error('probe-throw');</script>");
        var probeErrors = browser.Errors;
        Assert.Contains(probeErrors, e => e.Contains("probe-error", StringComparison.Ordinal));
        Assert.Contains(probeErrors, e => e.Contains("probe-throw", StringComparison.Ordinal));
        browser.ClearErrors();

        await browser.NavigateAsync(new Uri(w.PathOf("report.html")).AbsoluteUri);
        var page = JsonDocument.Parse((await browser.EvaluateAsync(Probe)).GetString()!).RootElement;
        var screenshot = await browser.ScreenshotAsync();
        var artifacts = Path.Combine(AppContext.BaseDirectory, "browser-artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllBytesAsync(Path.Combine(artifacts, "report.png"), screenshot);
        File.Copy(w.PathOf("report.html"), Path.Combine(artifacts, "report.html"), overwrite: true);

        Assert.Empty(browser.Errors);
        Assert.Equal("Pricing models", page.GetProperty("title").GetString());
        Assert.Empty(page.GetProperty("resources").EnumerateArray());

        var models = page.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(new[] { "churn", "house" }, models.Select(m => m.GetProperty("name").GetString()));
        var house = models[1];
        Assert.Equal(3, house.GetProperty("rows").GetInt32());
        var rSquared = house.GetProperty("charts").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == "RSquared");
        Assert.Equal(new[] { "production", "staging" }, rSquared.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.True(rSquared.GetProperty("width").GetDouble() > 100);
        var points = rSquared.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(new[] { 1, 2, 3 }, points.Select(p => p.GetProperty("key").GetInt32()));
        Assert.Equal(Seed.RSquared, points.Select(p => p.GetProperty("value").GetDouble()));
        Assert.All(points, p => Assert.True(p.GetProperty("visible").GetBoolean(), "every point is rendered"));
        // Later versions to the right; a higher value higher up (smaller y), as the values go.
        Assert.True(points[0].GetProperty("cx").GetDouble() < points[1].GetProperty("cx").GetDouble() && points[1].GetProperty("cx").GetDouble() < points[2].GetProperty("cx").GetDouble());
        Assert.True(points[1].GetProperty("cy").GetDouble() < points[2].GetProperty("cy").GetDouble() && points[2].GetProperty("cy").GetDouble() < points[0].GetProperty("cy").GetDouble());
        Assert.Single(models[0].GetProperty("charts").EnumerateArray().Single().GetProperty("points").EnumerateArray());

        var experiment = Assert.Single(page.GetProperty("experiments").EnumerateArray());
        Assert.Equal("house-prices", experiment.GetProperty("name").GetString());
        Assert.Equal((4, 1), (experiment.GetProperty("rows").GetInt32(), experiment.GetProperty("failedRows").GetInt32()));
        Assert.Equal(new[] { "RMSE", "RSquared" }, experiment.GetProperty("charts").EnumerateArray().Select(c => c.GetProperty("metric").GetString()).OrderBy(m => m, StringComparer.Ordinal));
        var runs = experiment.GetProperty("charts").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == "RSquared").GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(Seed.RunRSquared, runs.Select(p => p.GetProperty("value").GetDouble()));
        Assert.Equal(new[] { false, false, true, false }, runs.Select(p => p.GetProperty("failed").GetBoolean()));
        var lowest = runs.OrderBy(p => p.GetProperty("value").GetDouble()).First();
        Assert.Equal(runs.Max(p => p.GetProperty("cy").GetDouble()), lowest.GetProperty("cy").GetDouble());

        // A real picture of the page: a PNG as wide as the window and taller than it, with more than a blank page's bytes.
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, screenshot.Take(4));
        var width = (screenshot[16] << 24) | (screenshot[17] << 16) | (screenshot[18] << 8) | screenshot[19];
        var height = (screenshot[20] << 24) | (screenshot[21] << 16) | (screenshot[22] << 8) | screenshot[23];
        Assert.Equal(1280, width);
        Assert.True(height >= 1000, $"the screenshot is {height} px high");
        Assert.True(screenshot.Length > 30_000, $"the screenshot has {screenshot.Length} bytes: the page looks empty");
    }
}
