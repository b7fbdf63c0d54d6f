using System.IO;
using System.Linq;
using System.Text.Json;

namespace MlopsAnalyzers.Cli.Tests;

/// <summary><c>mlops runs ...</c> run as a process on a file tracker.</summary>
[Trait("Category", "Cli")]
public sealed class RunCommandTests
{
    [Fact]
    public void ListShowsTheRunsInOrder_SortedAndCut()
    {
        using var w = new Workspace();
        Seed.Fill(w);

        var all = w.Run("runs", "list", "house-prices");
        Assert.True(all.ExitCode == 0, all.ToString());
        var rows = all.Output.Split('\n').Where(l => l.Length > 0 && char.IsDigit(l.TrimStart()[0])).ToList();
        Assert.Equal(new[] { "try-1", "try-2", "try-3", "try-4" }, rows.Select(r => r.Split(' ', System.StringSplitOptions.RemoveEmptyEntries)[1]));
        Assert.Contains("Failed", rows[2]);
        Assert.Contains("house@3", rows[3]);
        Assert.DoesNotContain("PerClass", all.Output);

        var sorted = w.Run("runs", "list", "house-prices", "--sort", "RSquared", "--top", "2", "--json");
        Assert.True(sorted.ExitCode == 0, sorted.ToString());
        var runs = sorted.Json.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(new[] { "try-4", "try-2" }, runs.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(4, sorted.Json.GetProperty("total").GetInt32());
        Assert.Equal(0.82, runs[0].GetProperty("metrics").GetProperty("RSquared").GetDouble());

        var ascending = w.Run("runs", "list", "house-prices", "--sort", "RSquared", "--ascending", "--top", "1", "--format", "markdown");
        Assert.Contains("| 3 | try-3 | Failed |", ascending.Output);
        Assert.Contains("1 of 4 runs shown.", ascending.Output);
    }

    [Fact]
    public void CompareRanksTheRunsOnOneMetricAgainstTheBest()
    {
        using var w = new Workspace();
        Seed.Fill(w);

        var json = w.Run("runs", "compare", "house-prices", "--metric", "RSquared", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("try-4", json.Json.GetProperty("best").GetProperty("name").GetString());
        var ranked = json.Json.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(new[] { 4, 2, 1, 3 }, ranked.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(0.71 - 0.82, ranked[2].GetProperty("deltaFromBest").GetDouble(), 10);
        Assert.Equal("0.3", ranked[3].GetProperty("parameters").GetProperty("l2").GetString());
        Assert.Equal((0.71 + 0.78 + 0.82) / 3, json.Json.GetProperty("mean").GetDouble(), 10);

        var minimize = w.Run("runs", "compare", "house-prices", "--metric", "RMSE", "--goal", "Minimize");
        Assert.True(minimize.ExitCode == 0, minimize.ToString());
        Assert.Contains("Best RMSE (lowest): 11.8, run #4 try-4", minimize.Output);
        Assert.Matches(@"1\s+4\s+try-4\s+Finished\s+11\.8\s+0\s+#+\s+0\.4", minimize.Output);
    }

    [Theory]
    [InlineData(new[] { "runs", "list", "nothing" }, 3, "No run of an experiment named 'nothing'")]
    [InlineData(new[] { "runs", "list", "house-prices", "--sort", "AUC" }, 3, "recorded the metric 'AUC'")]
    [InlineData(new[] { "runs", "compare", "house-prices", "--metric", "AUC" }, 3, "recorded the metric 'AUC'")]
    [InlineData(new[] { "runs", "compare", "nothing", "--metric", "AUC" }, 3, "No run of an experiment named 'nothing'")]
    [InlineData(new[] { "runs", "list", "house-prices", "--top", "0" }, 2, "--top must be at least 1")]
    [InlineData(new[] { "runs", "compare", "house-prices" }, 2, "--metric")]
    [InlineData(new[] { "runs", "list", "../x" }, 2, "")]
    public void UnknownExperimentsAndMetricsAndBadArgumentsExitWithTheirCode(string[] arguments, int exitCode, string message)
    {
        using var w = new Workspace();
        Seed.Fill(w);
        var result = w.Run(arguments);
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void AnUnreadableRunLineIsSkippedWithAWarning()
    {
        using var w = new Workspace();
        Seed.Fill(w);
        var file = Directory.GetFiles(w.TrackingRoot, "*.jsonl", SearchOption.AllDirectories).Single();
        File.AppendAllText(file, "{ this is not a run }\n");

        var result = w.Run("runs", "list", "house-prices", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(4, result.Json.GetProperty("runs").GetArrayLength());
        Assert.Contains("warning:", result.Error);
    }
}
