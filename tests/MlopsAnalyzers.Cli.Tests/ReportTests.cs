using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace MlopsAnalyzers.Cli.Tests;

/// <summary><c>mlops report</c>'s page, read as text (the browser test renders it).</summary>
[Trait("Category", "Cli")]
public sealed class ReportTests
{
    [Fact]
    public void TheReportIsOneSelfContainedPageWithAChartPointPerVersionAndRun()
    {
        using var w = new Workspace();
        Seed.Fill(w);

        var result = w.Run("report", "-o", "out/report.html", "--title", "Pricing <models>");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 models (4 versions), 1 experiments (4 runs)", result.Output);
        var html = File.ReadAllText(w.PathOf("out/report.html"));

        Assert.Contains("<title>Pricing &lt;models&gt;</title>", html);
        Assert.DoesNotMatch(new Regex(@"<(script|link|img|iframe)\b", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"(src|href)=""(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.Equal(2, Regex.Matches(html, "<section class=\"model\"").Count);
        Assert.Single(Regex.Matches(html, "<section class=\"experiment\""));
        Assert.Equal(3, Regex.Matches(html, "<circle class=\"point[^\"]*\"[^>]*data-version=\"\\d\"[^>]*data-value=\"0\\.8[035]?\"").Count);
        Assert.Contains("data-run=\"3\" data-value=\"0.4\"", html);
        Assert.Matches("<circle class=\"point failed\"[^>]*data-run=\"3\"", html);
        Assert.Contains(">production</text>", html);
    }

    [Fact]
    public void ACorruptModelIsShownOnThePageAndTheCommandFails()
    {
        using var w = new Workspace();
        Seed.Fill(w);
        File.WriteAllText(Path.Combine(w.RegistryRoot, "house", "1", "metadata.json"), "null");

        var result = w.Run("report", "-o", "report.html", "--json");
        Assert.Equal(5, result.ExitCode);
        Assert.Contains("model 'house'", result.Error);
        var html = File.ReadAllText(w.PathOf("report.html"));
        Assert.Contains("<p class=\"error\" role=\"alert\">Cannot read this model:", html);
        Assert.Contains("data-name=\"churn\"", html);
        Assert.Equal(1, result.Json.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public void AnEmptyRegistryAndTrackerGiveAPageThatSaysSo()
    {
        using var w = new Workspace();
        var result = w.Run("report");
        Assert.True(result.ExitCode == 0, result.ToString());
        var html = File.ReadAllText(w.PathOf("report.html"));
        Assert.Contains("No model is registered.", html);
        Assert.Contains("No experiment run is recorded.", html);
    }
}
